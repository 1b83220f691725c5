import type { Selectable } from 'kysely';
import type { DealShape } from '../../domain/deal.ts';
import { notFound } from '../../domain/errors.ts';
import type { Ctx, Deps } from '../context.ts';
import type { DealTable } from '../db/schema.ts';
import { visibleDeals, writableDeals } from './deals.policy.ts';
import { assertCanWrite } from '../access/writes.ts';
import { mayWrite, writableRow } from '../access/write-loader.ts';
import { recordMeta } from '../records/record-meta.ts';
import { presentCustom } from '../crypto/sealed-custom.ts';

export type DealRow = Selectable<DealTable>;

/** Deals the actor may see; every deal read starts here. */
export const dealsQuery = (ctx: Ctx, options: { withDeletedCustomers?: boolean } = {}) =>
  ctx.db.selectFrom('deals').where(visibleDeals(ctx.actor, options));

export async function findDealRow(ctx: Ctx, id: number, options: { includeDeleted?: boolean } = {}): Promise<DealRow> {
  // The recycle bin shows deals whose customer went there too, so they can be restored in turn.
  const row = await dealsQuery(ctx, { withDeletedCustomers: options.includeDeleted === true })
    .selectAll('deals')
    .where('deals.id', '=', id)
    .$if(!options.includeDeleted, (q) => q.where('deals.deleted_at', 'is', null))
    .executeTakeFirst();
  if (!row) throw notFound('deal', id);
  return row;
}

/** A deal loaded for a write: 403 read-only token or role, 404 invisible, 403 read-only (see writableDeals). */
export async function findDealForWrite(ctx: Ctx, id: number, options: { includeDeleted?: boolean } = {}): Promise<DealRow> {
  assertCanWrite(ctx.actor);
  const row = await dealsQuery(ctx, { withDeletedCustomers: options.includeDeleted === true })
    .selectAll('deals')
    .select(mayWrite(writableDeals(ctx.actor)))
    .where('deals.id', '=', id)
    .$if(!options.includeDeleted, (q) => q.where('deals.deleted_at', 'is', null))
    .executeTakeFirst();
  return writableRow('deal', id, row);
}

export const toDeal = (deps: Deps, row: DealRow): DealShape => ({
  ...recordMeta(row),
  customerId: row.customer_id,
  contactId: row.contact_id,
  title: row.title,
  stageId: row.stage_id,
  amount: Number(row.amount),
  currency: row.currency,
  expectedClose: row.expected_close,
  status: row.status,
  closedAt: row.closed_at,
  ownerId: row.owner_id,
  notes: row.notes,
  custom: presentCustom(deps.dialect.parseJson<Record<string, unknown>>(row.custom)),
});

export async function loadDeal(ctx: Ctx, id: number, options: { includeDeleted?: boolean } = {}): Promise<DealShape> {
  return toDeal(ctx, await findDealRow(ctx, id, options));
}
