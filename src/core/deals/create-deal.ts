import type { DealCreateInput, DealShape } from '../../domain/deal.ts';
import { recordChanges } from '../../domain/audit.ts';
import { DEFAULT_CURRENCY } from '../../domain/money.ts';
import { assertCanWrite } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { loadDeal } from './deals.repository.ts';
import { prepareDeal } from './prepare-deal.ts';

/** Opens a deal for a customer; the creator owns it unless `ownerId` says otherwise. */
export async function createDeal(ctx: Ctx, input: DealCreateInput): Promise<DealShape> {
  assertCanWrite(ctx.actor);
  const draft = {
    customerId: input.customerId,
    contactId: input.contactId ?? null,
    title: input.title,
    stageId: input.stageId,
    amount: input.amount ?? 0,
    currency: input.currency ?? DEFAULT_CURRENCY,
    expectedClose: input.expectedClose ?? null,
    status: input.status ?? 'open',
    ownerId: input.ownerId === undefined ? ctx.actor.userId : input.ownerId,
    notes: input.notes ?? null,
    custom: input.custom ?? {},
  };
  const row = await prepareDeal(ctx, draft, null);
  const now = nowIso(ctx);
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      const { id } = await tx.db
        .insertInto('deals')
        .values({ ...row, created_at: now, updated_at: now, created_by: ctx.actor.userId, updated_by: ctx.actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      const created = await loadDeal(tx, id);
      await recordAudit(tx, { action: 'create', entity: 'deal', entityId: id, changes: recordChanges(null, created) });
      return created;
    }),
  );
}
