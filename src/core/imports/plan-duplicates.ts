import { formatMessage, type MessageCode, type MessageParams } from '../../domain/messages.ts';
import { recordAccess } from '../access/writable-ids.ts';
import type { Ctx } from '../context.ts';
import { poolRules } from '../settings/get-pool-settings.ts';
import type { ImportSettings, ImportState } from './import-batch.ts';
import { findExisting, padded, type MatchTable } from './match-duplicates.ts';

export interface Plan {
  /** indexes of the items to create */
  create: number[];
  /** items that match an existing record to update */
  update: Array<{ index: number; id: number }>;
  skipped: number;
  /** the skipped items, with the record each matched when it exists already (not for repeats within this batch) */
  skippedItems: Array<{ index: number; id: number | undefined }>;
  /** items refused because they match only records the importer cannot see, with the one thing the row error may say */
  taken: Array<{ index: number } & Refusal>;
}

/** Why a row is refused, in English and as a message code for the importer's language. */
export interface Refusal {
  message: string;
  code: MessageCode;
  params?: MessageParams;
}

const refusal = (code: MessageCode, params?: MessageParams): Refusal => ({ message: formatMessage('en', code, params) ?? code, code, ...(params ? { params } : {}) });

/**
 * What a row that matches only records the importer cannot see meets: by default nothing (the
 * match is not one, the row is new), unless its external id is taken (unique); with the pool rule
 * tellRepsWhenTaken (撞单) a refusal saying the record is someone else's. Neither names anyone.
 */
function hiddenMatch(table: MatchTable, keys: string[], hiddenKeys: string[], tell: boolean): Refusal | null {
  if (tell) return refusal(table === 'customers' ? 'import.taken_customer' : 'import.taken_contact');
  const external = hiddenKeys.find((k) => k.startsWith('x:'));
  if (external !== undefined && keys.includes(external)) return refusal('import.external_id_in_use', { id: external.slice(2) });
  return null;
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
  const plan: Plan = { create: [], update: [], skipped: 0, taken: [], skippedItems: [] };
  if (s.onDuplicate === 'create') {
    plan.create = keysOf.map((_, i) => i);
    return plan;
  }
  const found = await findExisting(ctx, table, keysOf.flat());
  const entity = table === 'customers' ? 'customer' : 'contact';
  const allIds = [...new Set([...found.values()].flat())];
  // Records the importer cannot see are no business of theirs: a key matches the lowest id they see; the others must not tell (see hiddenMatch).
  const seeing = ctx.actor.role === 'admin' || allIds.length === 0 ? null : await recordAccess(ctx, entity, allIds);
  const tell = seeing !== null && (await poolRules(ctx)).tellRepsWhenTaken;
  const existing = new Map<string, number>();
  const hidden = new Set<string>();
  for (const [key, ids] of found) {
    const seen = seeing === null ? ids[0] : ids.find((id) => seeing.has(id));
    if (seen !== undefined) existing.set(key, seen);
    else hidden.add(key);
  }
  const fromThisJob = await createdByJob(ctx, s.jobId, entity, [...new Set(existing.values())]);
  const seenInBatch = new Set<string>();
  keysOf.forEach((keys, index) => {
    const hiddenKeys = keys.filter((k) => hidden.has(k));
    const matched = keys.map((k) => existing.get(k)).find((id) => id !== undefined);
    const refused = matched === undefined && hiddenKeys.length > 0 ? hiddenMatch(table, keys, hiddenKeys, tell) : null;
    if (refused !== null) {
      plan.taken.push({ index, ...refused });
      return;
    }
    const isRepeat = keys.some((k) => seenInBatch.has(k) || state.seen?.has(k)) || (matched !== undefined && fromThisJob.has(matched));
    if (isRepeat || matched !== undefined) {
      if (s.onDuplicate === 'update' && !isRepeat && matched !== undefined) plan.update.push({ index, id: matched });
      else {
        plan.skipped++;
        plan.skippedItems.push({ index, id: matched });
      }
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
