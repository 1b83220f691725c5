import { expressionBuilder, sql, type Expression, type Kysely, type Selectable, type SqlBool } from 'kysely';
import { notFound } from '../../domain/errors.ts';
import type { MergeEntity, MergeShape, MergeSide } from '../../domain/merge.ts';
import type { Actor, Ctx, Deps } from '../context.ts';
import { visibleContacts } from '../contacts/contacts.policy.ts';
import { visibleCustomers } from '../customers/customers.policy.ts';
import type { MergeTable, Schema } from '../db/schema.ts';
import type { MovedRows } from './merge-children.ts';
import type { AddedLinks } from './merge-links.ts';
import type { BeforeImage } from './merge-snapshot.ts';
import { movedCounts } from './merge-children.ts';

export type MergeRow = Selectable<MergeTable>;

/** Merges whose survivor the actor may see (in the recycle bin or not). */
export function visibleMerges(actor: Actor): Expression<SqlBool> {
  const eb = expressionBuilder<Schema, 'merges'>();
  const survivorIs = (column: string) => sql<boolean>`${sql.ref(column)} = ${sql.ref('merges.survivor_id')}`;
  return eb.or([
    eb.and([
      eb('merges.entity', '=', 'customers'),
      eb.exists(eb.selectFrom('customers').select('customers.id').where(survivorIs('customers.id')).where(visibleCustomers(actor))),
    ]),
    eb.and([
      eb('merges.entity', '=', 'contacts'),
      eb.exists(eb.selectFrom('contacts').select('contacts.id').where(survivorIs('contacts.id')).where(visibleContacts(actor))),
    ]),
  ]);
}

export const mergesQuery = (ctx: Ctx) => ctx.db.selectFrom('merges').where(visibleMerges(ctx.actor));

export async function findMergeRow(ctx: Ctx, id: number): Promise<MergeRow> {
  const row = await mergesQuery(ctx).selectAll('merges').where('merges.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('merge', id);
  return row;
}

export function toMerge(deps: Pick<Deps, 'dialect'>, row: MergeRow): MergeShape {
  return {
    id: Number(row.id),
    entity: row.entity,
    survivorId: Number(row.survivor_id),
    mergedId: Number(row.merged_id),
    pairId: row.pair_id === null ? null : Number(row.pair_id),
    decisions: deps.dialect.parseJson<Record<string, MergeSide>>(row.decisions),
    moved: movedCounts(deps.dialect.parseJson<MovedRows>(row.moved)),
    createdAt: row.created_at,
    createdBy: row.created_by === null ? null : Number(row.created_by),
    undoneAt: row.undone_at,
    undoneBy: row.undone_by === null ? null : Number(row.undone_by),
  };
}

export interface NewMerge {
  entity: MergeEntity;
  survivorId: number;
  mergedId: number;
  pairId: number | null;
  decisions: Record<string, MergeSide>;
  beforeImage: BeforeImage;
  moved: MovedRows;
  added: AddedLinks;
  survivorVersion: number;
}

export async function insertMerge(db: Kysely<Schema>, merge: NewMerge, actorId: number | null, now: string): Promise<MergeRow> {
  return db
    .insertInto('merges')
    .values({
      entity: merge.entity,
      survivor_id: merge.survivorId,
      merged_id: merge.mergedId,
      pair_id: merge.pairId,
      decisions: JSON.stringify(merge.decisions),
      before_image: JSON.stringify(merge.beforeImage),
      moved: JSON.stringify(merge.moved),
      added: JSON.stringify(merge.added),
      survivor_version: merge.survivorVersion,
      created_at: now,
      created_by: actorId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Records the decision on the suspected-duplicate pair of these two records, if the scan
 * found one; returns its id.
 */
export async function decidePair(
  db: Kysely<Schema>,
  pair: { entity: MergeEntity; ids: [number, number]; status: 'open' | 'merged'; actorId: number | null; now: string },
): Promise<number | null> {
  const [a, b] = pair.ids[0] < pair.ids[1] ? pair.ids : [pair.ids[1], pair.ids[0]];
  const row = await db
    .updateTable('duplicate_pairs')
    .set({ status: pair.status, decided_at: pair.status === 'open' ? null : pair.now, decided_by: pair.status === 'open' ? null : pair.actorId })
    .where('entity', '=', pair.entity)
    .where('a_id', '=', a)
    .where('b_id', '=', b)
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}
