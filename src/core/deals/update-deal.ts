import { recordChanges } from '../../domain/audit.ts';
import type { DealPatchInput, DealShape } from '../../domain/deal.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { checkVersion, updateVersioned } from '../records/versioned.ts';
import { findDealForWrite, loadDeal, toDeal } from './deals.repository.ts';
import { prepareDeal } from './prepare-deal.ts';

const pick = <T>(patched: T | undefined, current: T): T => (patched === undefined ? current : patched);

/**
 * Applies a partial update; moving to won or lost stamps closedAt, reopening clears it. A new
 * `customerId` moves the deal: both its customer and the new one must be writable.
 */
export async function updateDeal(ctx: Ctx, id: number, patch: DealPatchInput, expectedVersion?: number): Promise<DealShape> {
  const row = await findDealForWrite(ctx, id);
  checkVersion('deal', id, row.version, expectedVersion);
  const current = toDeal(ctx, row);
  const draft = {
    customerId: pick(patch.customerId, current.customerId),
    contactId: pick(patch.contactId, current.contactId),
    title: pick(patch.title, current.title),
    stageId: pick(patch.stageId, current.stageId),
    amount: pick(patch.amount, current.amount),
    currency: pick(patch.currency, current.currency),
    expectedClose: pick(patch.expectedClose, current.expectedClose),
    status: pick(patch.status, current.status),
    ownerId: pick(patch.ownerId, current.ownerId),
    notes: pick(patch.notes, current.notes),
    custom: patch.custom === undefined ? current.custom : { ...current.custom, ...patch.custom },
  };
  const values = await prepareDeal(ctx, draft, current);
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      await updateVersioned(tx.db, { table: 'deals', entity: 'deal', id, version: row.version }, values, ctx.actor, nowIso(ctx));
      const updated = await loadDeal(tx, id);
      await recordAudit(tx, { action: 'update', entity: 'deal', entityId: id, changes: recordChanges(current, updated) });
      return updated;
    }),
  );
}
