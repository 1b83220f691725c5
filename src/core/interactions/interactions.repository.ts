import type { Selectable } from 'kysely';
import { notFound } from '../../domain/errors.ts';
import type { InteractionShape } from '../../domain/interaction.ts';
import type { Ctx } from '../context.ts';
import type { InteractionTable } from '../db/schema.ts';
import { visibleInteractions, writableInteractions } from './interactions.policy.ts';
import { assertCanWrite } from '../access/writes.ts';
import { mayWrite, writableRow } from '../access/write-loader.ts';
import { recordMeta } from '../records/record-meta.ts';

export type InteractionRow = Selectable<InteractionTable>;

/** Interactions the actor may see; every interaction read starts here. */
export const interactionsQuery = (ctx: Ctx, options: { withDeletedCustomers?: boolean } = {}) =>
  ctx.db.selectFrom('interactions').where(visibleInteractions(ctx.actor, options));

export async function findInteractionRow(
  ctx: Ctx,
  id: number,
  options: { includeDeleted?: boolean; withDeletedCustomers?: boolean } = {},
): Promise<InteractionRow> {
  const row = await interactionsQuery(ctx, options)
    .selectAll('interactions')
    .where('interactions.id', '=', id)
    .$if(!options.includeDeleted, (q) => q.where('interactions.deleted_at', 'is', null))
    .executeTakeFirst();
  if (!row) throw notFound('interaction', id);
  return row;
}

/** An interaction loaded for a write: 403 read-only token or role, 404 invisible, 403 read-only (see writableInteractions). */
export async function findInteractionForWrite(
  ctx: Ctx,
  id: number,
  options: { includeDeleted?: boolean; withDeletedCustomers?: boolean } = {},
): Promise<InteractionRow> {
  assertCanWrite(ctx.actor);
  const row = await interactionsQuery(ctx, options)
    .selectAll('interactions')
    .select(mayWrite(writableInteractions(ctx.actor)))
    .where('interactions.id', '=', id)
    .$if(!options.includeDeleted, (q) => q.where('interactions.deleted_at', 'is', null))
    .executeTakeFirst();
  return writableRow('interaction', id, row);
}

export const toInteraction = (row: InteractionRow): InteractionShape => ({
  ...recordMeta(row),
  customerId: row.customer_id,
  contactId: row.contact_id,
  dealId: row.deal_id,
  type: row.type,
  direction: row.direction,
  occurredAt: row.occurred_at,
  subject: row.subject,
  body: row.body,
  durationSeconds: row.duration_seconds,
});

export async function loadInteraction(ctx: Ctx, id: number, options: { includeDeleted?: boolean } = {}): Promise<InteractionShape> {
  return toInteraction(await findInteractionRow(ctx, id, options));
}
