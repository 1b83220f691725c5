import { sql, type Kysely } from 'kysely';
import type { Actor } from '../context.ts';
import type { Schema } from '../db/schema.ts';
import { staleError } from '../records/versioned.ts';

type Table = 'customers' | 'contacts';
type PointOwner = 'customer_id' | 'contact_id';

/** Everything undo needs to put the survivor back as it was. */
export interface BeforeImage {
  row: Record<string, unknown>;
  points: Array<Record<string, unknown>>;
  mergedDeletedAt: string | null;
}

// Bookkeeping a restore writes afresh rather than copying back.
const BOOKKEEPING = new Set(['id', 'version', 'created_at', 'created_by', 'updated_at', 'updated_by']);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- customers and contacts restore the same way
const loose = (db: Kysely<Schema>) => db as Kysely<any>;

const pointOwner = (table: Table): PointOwner => (table === 'customers' ? 'customer_id' : 'contact_id');

export async function takeBeforeImage(db: Kysely<Schema>, table: Table, id: number, mergedDeletedAt: string | null): Promise<BeforeImage> {
  const row = (await loose(db).selectFrom(table).selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Record<string, unknown>;
  const points = (await db
    .selectFrom('contact_points')
    .select(['kind', 'value', 'raw', 'label', 'is_primary', 'position', 'created_at'])
    .where(pointOwner(table), '=', id)
    .orderBy('id')
    .execute()) as Array<Record<string, unknown>>;
  return { row, points, mergedDeletedAt };
}

// JSON columns read back as objects on PostgreSQL; they are written as JSON text.
const storable = (value: unknown) => (value !== null && typeof value === 'object' ? JSON.stringify(value) : value);

/** Writes the before-image back over the survivor (bumping its version) and restores its phones and emails. */
export async function restoreBeforeImage(
  db: Kysely<Schema>,
  target: { table: Table; entity: string; id: number; version: number },
  image: BeforeImage,
  actor: Actor,
  now: string,
): Promise<void> {
  const values = Object.fromEntries(Object.entries(image.row).filter(([k]) => !BOOKKEEPING.has(k)).map(([k, v]) => [k, storable(v)]));
  const result = await loose(db)
    .updateTable(target.table)
    .set({ ...values, version: sql`version + 1`, updated_at: now, updated_by: actor.userId })
    .where('id', '=', target.id)
    .where('version', '=', target.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw staleError(target.entity, target.id, target.version);
  const owner = pointOwner(target.table);
  await db.deleteFrom('contact_points').where(owner, '=', target.id).execute();
  if (image.points.length === 0) return;
  await loose(db)
    .insertInto('contact_points')
    .values(
      image.points.map((p) => ({
        customer_id: owner === 'customer_id' ? target.id : null,
        contact_id: owner === 'contact_id' ? target.id : null,
        kind: p.kind,
        value: p.value,
        raw: p.raw,
        label: p.label,
        is_primary: Boolean(p.is_primary),
        position: p.position,
        created_at: p.created_at,
      })),
    )
    .execute();
}
