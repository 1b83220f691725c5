import { AppError } from '../../domain/errors.ts';
import type { Deps } from '../context.ts';
import { poolRules } from '../settings/get-pool-settings.ts';

export interface Holder {
  userId: number;
  role: string;
  /** how the message names them: "you" for the actor, else their name */
  label: string;
  /** the input field that named them, if any */
  field?: string;
}

/**
 * Refuses (409) a write that left a sales rep owning more customers than the pool rules allow.
 * Call it inside the write's transaction, after the write and its audit entry: the audit chain's
 * lock serialises concurrent writers, so two claims at once cannot both slip under the limit.
 */
export async function assertWithinHoldingLimit(deps: Pick<Deps, 'db' | 'dialect'>, holder: Holder, added: number): Promise<void> {
  if (holder.role !== 'sales' || added <= 0) return;
  const { maxCustomersPerRep: limit } = await poolRules(deps);
  if (limit === null) return;
  // A count of one user's holdings for a rule, not a read of customer data: no visibility policy applies.
  const row = await deps.db
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<number>().as('held'))
    .where('owner_id', '=', holder.userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  const after = Number(row.held);
  if (after <= limit) return;
  const before = after - added;
  const verb = holder.label === 'you' ? 'hold' : 'holds';
  const more = added > 1 ? `; ${added} more would make ${after}` : '';
  const message = `${holder.label} ${verb} ${before} customer${before === 1 ? '' : 's'}; the limit is ${limit}${more}`;
  const coded = { code: `pool.limit_${holder.label === 'you' ? 'you' : 'user'}${before === 1 ? '_one' : ''}${added > 1 ? '_more' : ''}` as const, params: { name: holder.label, before, limit, added, after } };
  throw new AppError('conflict', { message, messageCode: coded.code, params: coded.params, errors: holder.field ? [{ field: holder.field, message, ...coded }] : [] });
}

/** The limit for one customer given to `ownerId` by a create or an update, named as the input field `ownerId`. */
export async function assertOwnerWithinLimit(deps: Pick<Deps, 'db' | 'dialect'>, ownerId: number | null, actor: { userId: number | null; role: string }): Promise<void> {
  if (ownerId === null) return;
  if (ownerId === actor.userId) return assertWithinHoldingLimit(deps, { userId: ownerId, role: actor.role, label: 'you', field: 'ownerId' }, 1);
  return assertOwnersWithinLimit(deps, new Map([[ownerId, 1]]));
}

/** The limit for many new customers at once (an import batch): owner id → how many it adds. */
export async function assertOwnersWithinLimit(deps: Pick<Deps, 'db' | 'dialect'>, added: Map<number, number>): Promise<void> {
  if (added.size === 0) return;
  const owners = await deps.db.selectFrom('users').select(['id', 'role', 'name']).where('id', 'in', [...added.keys()]).execute();
  for (const owner of owners) {
    await assertWithinHoldingLimit(deps, { userId: owner.id, role: owner.role, label: owner.name, field: 'ownerId' }, added.get(owner.id) ?? 0);
  }
}
