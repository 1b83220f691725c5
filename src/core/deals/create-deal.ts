import type { DealCreateInput, DealShape } from '../../domain/deal.ts';
import { DEFAULT_CURRENCY } from '../../domain/money.ts';
import { assertCanWrite } from '../access/writes.ts';
import { nowIso, type Ctx } from '../context.ts';
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
  const { id } = await guardConstraints(ctx.dialect, () =>
    ctx.db
      .insertInto('deals')
      .values({ ...row, created_at: now, updated_at: now, created_by: ctx.actor.userId, updated_by: ctx.actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return loadDeal(ctx, id);
}
