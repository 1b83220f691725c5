import type { Kysely } from 'kysely';
import { normaliseName } from '../../domain/text.ts';
import type { Schema } from '../db/schema.ts';

type Link = { table: 'customer_tags'; column: 'customer_id' } | { table: 'contact_tags'; column: 'contact_id' };

export const CUSTOMER_TAGS: Link = { table: 'customer_tags', column: 'customer_id' };
export const CONTACT_TAGS: Link = { table: 'contact_tags', column: 'contact_id' };

/** Tag ids for `names`, creating the tags that do not exist yet. */
export async function ensureTags(db: Kysely<Schema>, names: string[], actorId: number | null, now: string): Promise<number[]> {
  const wanted = [...new Set(names.map(normaliseName).filter(Boolean))];
  if (wanted.length === 0) return [];
  const existing = await db.selectFrom('tags').select(['id', 'name']).where('name', 'in', wanted).where('deleted_at', 'is', null).execute();
  const ids = new Map(existing.map((t) => [t.name, t.id]));
  for (const name of wanted.filter((n) => !ids.has(n))) {
    const created = await db
      .insertInto('tags')
      .values({ name, color: null, created_at: now, updated_at: now, created_by: actorId, updated_by: actorId })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(name, created.id);
  }
  return wanted.map((n) => ids.get(n) as number);
}

export async function setTags(db: Kysely<Schema>, link: Link, ownerId: number, names: string[], actorId: number | null, now: string) {
  const tagIds = await ensureTags(db, names, actorId, now);
  await db.deleteFrom(link.table).where(link.column, '=', ownerId).execute();
  if (tagIds.length === 0) return;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the two link tables share this shape
  await (db as Kysely<any>).insertInto(link.table).values(tagIds.map((tag_id) => ({ [link.column]: ownerId, tag_id, created_at: now }))).execute();
}

export async function loadTags(db: Kysely<Schema>, link: Link, ids: number[]): Promise<Map<number, string[]>> {
  const tags = new Map<number, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return tags;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the two link tables share this shape
  const rows: Array<{ owner: number; name: string }> = await (db as Kysely<any>)
    .selectFrom(`${link.table} as l`)
    .innerJoin('tags as t', 't.id', 'l.tag_id')
    .select([`l.${link.column} as owner`, 't.name as name'])
    .where(`l.${link.column}`, 'in', ids)
    .where('t.deleted_at', 'is', null)
    .orderBy('t.name')
    .execute();
  for (const row of rows) tags.get(Number(row.owner))?.push(row.name);
  return tags;
}
