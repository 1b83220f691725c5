import type { Kysely } from 'kysely';
import type { ContactPointShape, NormalisedPoint } from '../../domain/contact-point.ts';
import type { Schema } from '../db/schema.ts';

export type PointOwner = 'customer_id' | 'contact_id';

export interface PointLists {
  phones: ContactPointShape[];
  emails: ContactPointShape[];
}

/** Replaces the phones and/or emails of one customer or contact with `points`. */
export async function replacePoints(
  db: Kysely<Schema>,
  owner: PointOwner,
  ownerId: number,
  kinds: ReadonlyArray<'phone' | 'email'>,
  points: NormalisedPoint[],
  now: string,
): Promise<void> {
  if (kinds.length === 0) return;
  await db.deleteFrom('contact_points').where(owner, '=', ownerId).where('kind', 'in', [...kinds]).execute();
  const rows = points
    .filter((p) => kinds.includes(p.kind))
    .map((p) => ({
      customer_id: owner === 'customer_id' ? ownerId : null,
      contact_id: owner === 'contact_id' ? ownerId : null,
      kind: p.kind,
      value: p.value,
      raw: p.raw,
      label: p.label,
      is_primary: p.isPrimary,
      position: p.position,
      created_at: now,
    }));
  if (rows.length > 0) await db.insertInto('contact_points').values(rows).execute();
}

/** Phones and emails of many owners in one query, primary first. */
export async function loadPoints(db: Kysely<Schema>, owner: PointOwner, ids: number[]): Promise<Map<number, PointLists>> {
  const lists = new Map<number, PointLists>(ids.map((id) => [id, { phones: [], emails: [] }]));
  if (ids.length === 0) return lists;
  const rows = await db
    .selectFrom('contact_points')
    .select(['customer_id', 'contact_id', 'kind', 'value', 'raw', 'label', 'is_primary'])
    .where(owner, 'in', ids)
    .orderBy('is_primary', 'desc')
    .orderBy('position')
    .execute();
  for (const row of rows) {
    const list = lists.get(Number(row[owner]));
    const point = { value: row.value, raw: row.raw, label: row.label, primary: Boolean(row.is_primary) };
    if (list) (row.kind === 'phone' ? list.phones : list.emails).push(point);
  }
  return lists;
}

/** Search keys of the stored points, for rebuilding search text when only other fields change. */
export function pointValues(points: Array<{ kind: 'phone' | 'email'; value: string }>) {
  return {
    phones: points.filter((p) => p.kind === 'phone').map((p) => p.value),
    emails: points.filter((p) => p.kind === 'email').map((p) => p.value),
  };
}

/** The stored points of one owner, in the form `normalisePoints` produces. */
export async function loadOwnPoints(db: Kysely<Schema>, owner: PointOwner, ownerId: number): Promise<NormalisedPoint[]> {
  const rows = await db
    .selectFrom('contact_points')
    .select(['kind', 'value', 'raw', 'label', 'is_primary', 'position'])
    .where(owner, '=', ownerId)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ kind: r.kind, value: r.value, raw: r.raw, label: r.label, isPrimary: Boolean(r.is_primary), position: r.position }));
}
