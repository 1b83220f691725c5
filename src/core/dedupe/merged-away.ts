import type { Kysely } from 'kysely';
import { codedError } from '../../domain/errors.ts';
import type { Schema } from '../db/schema.ts';

/**
 * A record merged into another sits in the recycle bin with its history moved to the survivor;
 * restoring it would bring back an empty shell, so the way back is undoing the merge (409).
 */
export async function assertNotMergedAway(db: Kysely<Schema>, entity: 'customers' | 'contacts', id: number): Promise<void> {
  const merge = await db
    .selectFrom('merges')
    .select(['id', 'survivor_id'])
    .where('entity', '=', entity)
    .where('merged_id', '=', id)
    .where('undone_at', 'is', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!merge) return;
  throw codedError('conflict', 'merge.merged_away', { entity: entity === 'customers' ? 'customer' : 'contact', survivor: Number(merge.survivor_id), id: Number(merge.id) });
}
