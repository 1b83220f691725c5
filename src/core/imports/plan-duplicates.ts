import type { Ctx } from '../context.ts';
import type { ImportSettings, ImportState } from './import-batch.ts';
import { findExisting, padded, type MatchTable } from './match-duplicates.ts';

export interface Plan {
  /** indexes of the items to create */
  create: number[];
  /** items that match an existing record to update */
  update: Array<{ index: number; id: number }>;
  skipped: number;
}

async function createdByJob(ctx: Ctx, jobId: number | null, entity: 'customer' | 'contact', ids: number[]): Promise<Set<number>> {
  if (jobId === null || ids.length === 0) return new Set();
  const rows = await ctx.db
    .selectFrom('import_job_records')
    .select('entity_id')
    .where('job_id', '=', jobId)
    .where('entity', '=', entity)
    .where('entity_id', 'in', padded(ids))
    .where('action', '=', 'create')
    .execute();
  return new Set(rows.map((r) => Number(r.entity_id)));
}

/**
 * Decides per item (by its match keys) whether it is new, a duplicate of an existing record
 * (skip or update, as chosen) or a repeat of an earlier row of the same file (skipped, unless
 * onDuplicate is create). Records created by this very job count as earlier rows, so a resumed
 * or batched import treats a repeat the same wherever it falls.
 */
export async function planDuplicates(ctx: Ctx, table: MatchTable, keysOf: string[][], s: ImportSettings, state: ImportState): Promise<Plan> {
  const plan: Plan = { create: [], update: [], skipped: 0 };
  if (s.onDuplicate === 'create') {
    plan.create = keysOf.map((_, i) => i);
    return plan;
  }
  const existing = await findExisting(ctx, table, keysOf.flat());
  const fromThisJob = await createdByJob(ctx, s.jobId, table === 'customers' ? 'customer' : 'contact', [...new Set(existing.values())]);
  const seenInBatch = new Set<string>();
  keysOf.forEach((keys, index) => {
    const matched = keys.map((k) => existing.get(k)).find((id) => id !== undefined);
    const isRepeat = keys.some((k) => seenInBatch.has(k) || state.seen?.has(k)) || (matched !== undefined && fromThisJob.has(matched));
    if (isRepeat || matched !== undefined) {
      if (s.onDuplicate === 'update' && !isRepeat && matched !== undefined) plan.update.push({ index, id: matched });
      else plan.skipped++;
      return;
    }
    plan.create.push(index);
    for (const k of keys) {
      seenInBatch.add(k);
      state.seen?.add(k);
    }
  });
  return plan;
}
