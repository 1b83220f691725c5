import { isAppError } from '../../domain/errors.ts';
import type { BulkMergeInput, BulkMergeResultShape, MergeEntity } from '../../domain/merge.ts';
import { assertCanWrite } from '../access/writes.ts';
import { contactsQuery } from '../contacts/contacts.repository.ts';
import { nowIso, type Ctx } from '../context.ts';
import { customersQuery } from '../customers/customers.repository.ts';
import { mergeContacts } from './merge-contacts.ts';
import { mergeCustomers } from './merge-customers.ts';

const CHUNK = 500;

/** Live records among `ids` that the actor may see, with when each was created. */
async function liveRecords(ctx: Ctx, entity: MergeEntity, ids: number[]): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const rows =
      entity === 'customers'
        ? await customersQuery(ctx).select(['customers.id', 'customers.created_at']).where('customers.id', 'in', chunk).where('customers.deleted_at', 'is', null).execute()
        : await contactsQuery(ctx).select(['contacts.id', 'contacts.created_at']).where('contacts.id', 'in', chunk).where('contacts.deleted_at', 'is', null).execute();
    for (const row of rows) found.set(Number(row.id), row.created_at);
  }
  return found;
}

/** Connected groups of records, each sorted oldest first (by creation, then id). */
function clustersOf(pairs: Array<[number, number]>, createdAt: Map<number, string>): number[][] {
  const parent = new Map<number, number>();
  const root = (id: number): number => {
    let r = id;
    while (parent.get(r) !== r) r = parent.get(r) as number;
    parent.set(id, r);
    return r;
  };
  for (const [a, b] of pairs) {
    for (const id of [a, b]) if (!parent.has(id)) parent.set(id, id);
    parent.set(root(a), root(b));
  }
  const groups = new Map<number, number[]>();
  for (const id of parent.keys()) groups.set(root(id), [...(groups.get(root(id)) ?? []), id]);
  const age = (id: number) => createdAt.get(id) ?? '';
  return [...groups.values()].map((g) => g.sort((x, y) => (age(x) < age(y) ? -1 : age(x) > age(y) ? 1 : x - y)));
}

/**
 * Where each of `ids` lives now: a record merged earlier (by a run that stopped at its limit,
 * or by hand) stands for the record it was merged into.
 */
async function survivorsOf(ctx: Ctx, entity: MergeEntity, ids: number[]): Promise<(id: number) => number> {
  const into = new Map<number, number>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await ctx.db
      .selectFrom('merges')
      .select(['merged_id', 'survivor_id'])
      .where('entity', '=', entity)
      .where('undone_at', 'is', null)
      .where('merged_id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const row of rows) into.set(Number(row.merged_id), Number(row.survivor_id));
  }
  return (id) => {
    let current = id;
    // A chain is short; the bound only guards against a cycle in hand-edited data.
    for (let hops = 0; hops < 20 && into.has(current); hops++) current = into.get(current) as number;
    return current;
  };
}

/**
 * Merges every open suspected-duplicate pair scoring at least `minScore`: each connected
 * group of records is merged into its oldest record, one merge (undoable) per merged record.
 * A record the actor may not change, or that changed meanwhile, is skipped, not fatal.
 * With `limit`, stops after that many merges and says `more`; the next call carries on.
 */
export async function mergeAbove(ctx: Ctx, input: BulkMergeInput): Promise<BulkMergeResultShape> {
  assertCanWrite(ctx.actor);
  const pairs = await ctx.db
    .selectFrom('duplicate_pairs')
    .select(['id', 'a_id', 'b_id'])
    .where('entity', '=', input.entity)
    .where('status', '=', 'open')
    .where('score', '>=', Math.round(input.minScore * 1000))
    .orderBy('id')
    .execute();
  const resolve = await survivorsOf(ctx, input.entity, [...new Set(pairs.flatMap((p) => [Number(p.a_id), Number(p.b_id)]))]);
  const resolved = pairs.map((p) => ({ id: Number(p.id), a: resolve(Number(p.a_id)), b: resolve(Number(p.b_id)) }));
  const live = await liveRecords(ctx, input.entity, [...new Set(resolved.flatMap((p) => [p.a, p.b]))]);
  const edges = resolved.filter((p) => p.a !== p.b && live.has(p.a) && live.has(p.b)).map((p) => [p.a, p.b] as [number, number]);
  const merge = input.entity === 'customers' ? mergeCustomers : mergeContacts;
  const result: BulkMergeResultShape = { clusters: 0, merged: 0, skipped: 0, mergeIds: [], more: false };
  const limit = input.limit ?? Number.POSITIVE_INFINITY;
  for (const [survivorId, ...others] of clustersOf(edges, live)) {
    const joined = new Set<number>();
    for (const mergedId of others) {
      if (result.merged + joined.size >= limit) {
        result.more = true;
        break;
      }
      try {
        const done = await merge(ctx, { survivorId: survivorId as number, mergedId });
        result.mergeIds.push(done.id);
        joined.add(mergedId);
      } catch (error) {
        if (!isAppError(error) || error.code === 'internal') throw error;
        result.skipped += 1;
      }
    }
    if (joined.size > 0) {
      result.clusters += 1;
      result.merged += joined.size;
      // Every pair inside the group is decided now, not only the ones merged directly.
      const members = new Set([survivorId as number, ...joined]);
      const decided = resolved.filter((p) => members.has(p.a) && members.has(p.b)).map((p) => p.id);
      for (let i = 0; i < decided.length; i += CHUNK) {
        await ctx.db
          .updateTable('duplicate_pairs')
          .set({ status: 'merged', decided_at: nowIso(ctx), decided_by: ctx.actor.userId })
          .where('id', 'in', decided.slice(i, i + CHUNK))
          .where('status', '=', 'open')
          .execute();
      }
    }
    if (result.more) break;
  }
  return result;
}
