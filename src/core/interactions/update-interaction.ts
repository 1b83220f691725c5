import { recordChanges } from '../../domain/audit.ts';
import type { InteractionPatchInput, InteractionShape } from '../../domain/interaction.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { checkVersion, updateVersioned } from '../records/versioned.ts';
import { findInteractionForWrite, loadInteraction, toInteraction } from './interactions.repository.ts';
import { prepareInteraction } from './prepare-interaction.ts';

/**
 * Applies a partial update; `expectedVersion` (from If-Match) guards against lost updates. A new
 * `customerId` moves the interaction: both its customer and the new one must be writable.
 */
export async function updateInteraction(
  ctx: Ctx,
  id: number,
  patch: InteractionPatchInput,
  expectedVersion?: number,
): Promise<InteractionShape> {
  const row = await findInteractionForWrite(ctx, id);
  checkVersion('interaction', id, row.version, expectedVersion);
  const current = toInteraction(row);
  const merged = { ...current, ...patch };
  const linksChanged = ['customerId', 'contactId', 'dealId'].some((field) => field in patch);
  const values = await prepareInteraction(ctx, merged, linksChanged);
  const target = { table: 'interactions', entity: 'interaction', id, version: row.version } as const;
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      await updateVersioned(tx.db, target, values, ctx.actor, nowIso(ctx));
      const updated = await loadInteraction(tx, id);
      await recordAudit(tx, { action: 'update', entity: 'interaction', entityId: id, changes: recordChanges(current, updated) });
      return updated;
    }),
  );
}
