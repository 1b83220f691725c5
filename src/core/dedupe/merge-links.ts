import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

type TagLink = { table: 'customer_tags'; column: 'customer_id' } | { table: 'contact_tags'; column: 'contact_id' };

export const CUSTOMER_TAG_LINK: TagLink = { table: 'customer_tags', column: 'customer_id' };
export const CONTACT_TAG_LINK: TagLink = { table: 'contact_tags', column: 'contact_id' };

/** What a merge linked to the survivor, so undo can unlink exactly that. */
export interface AddedLinks {
  tagIds: number[];
  shareIds: number[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the two tag link tables share this shape
const loose = (db: Kysely<Schema>) => db as Kysely<any>;

/** Gives the survivor the merged record's tags it lacks; returns the tag ids linked. */
export async function unionTags(db: Kysely<Schema>, link: TagLink, survivorId: number, mergedId: number, now: string): Promise<number[]> {
  const tagsOf = async (id: number) =>
    ((await loose(db).selectFrom(link.table).select('tag_id').where(link.column, '=', id).execute()) as Array<{ tag_id: number }>).map((r) =>
      Number(r.tag_id),
    );
  const mine = new Set(await tagsOf(survivorId));
  const added = (await tagsOf(mergedId)).filter((id) => !mine.has(id));
  if (added.length > 0) {
    await loose(db)
      .insertInto(link.table)
      .values(added.map((tag_id) => ({ [link.column]: survivorId, tag_id, created_at: now })))
      .execute();
  }
  return added;
}

export async function unlinkTags(db: Kysely<Schema>, link: TagLink, survivorId: number, tagIds: number[]): Promise<void> {
  if (tagIds.length === 0) return;
  await loose(db).deleteFrom(link.table).where(link.column, '=', survivorId).where('tag_id', 'in', tagIds).execute();
}

/**
 * Whoever the merged customer was shared with gets the same access to the survivor (unless
 * already shared with them), so nobody loses sight of the history that moved; returns the new share ids.
 */
export async function unionShares(db: Kysely<Schema>, survivorId: number, mergedId: number, actorId: number | null, now: string): Promise<number[]> {
  const shares = await db.selectFrom('customer_shares').selectAll().where('customer_id', 'in', [survivorId, mergedId]).execute();
  const key = (s: { user_id: number | null; team_id: number | null }) => (s.user_id === null ? `t${s.team_id}` : `u${s.user_id}`);
  const mine = new Set(shares.filter((s) => Number(s.customer_id) === survivorId).map(key));
  const ids: number[] = [];
  for (const share of shares.filter((s) => Number(s.customer_id) === mergedId && !mine.has(key(s)))) {
    const created = await db
      .insertInto('customer_shares')
      .values({ customer_id: survivorId, user_id: share.user_id, team_id: share.team_id, access: share.access, created_at: now, created_by: actorId })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(Number(created.id));
  }
  return ids;
}

export async function removeShares(db: Kysely<Schema>, shareIds: number[]): Promise<void> {
  if (shareIds.length > 0) await db.deleteFrom('customer_shares').where('id', 'in', shareIds).execute();
}
