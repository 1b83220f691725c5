import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { codedError, codedField, validationError } from '../../domain/errors.ts';
import type { Actor, Ctx } from '../context.ts';
import type { Schema } from '../db/schema.ts';

type Eb = ExpressionBuilder<Schema, 'customers'>;

const never = sql<boolean>`1 = 0`;
const always = sql<boolean>`1 = 1`;

/** Customers owned by a member of one of `teamIds`. */
function ownedByTeams(eb: Eb, teamIds: readonly number[]): Expression<SqlBool> {
  if (teamIds.length === 0) return never;
  return eb('customers.owner_id', 'in', eb.selectFrom('users').select('users.id').where('users.team_id', 'in', [...teamIds]));
}

/** Customers shared with the actor or the actor's team (with write access only, if `writeOnly`). */
function sharedWith(eb: Eb, actor: Actor, writeOnly: boolean): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('customer_shares')
      .select('customer_shares.id')
      .where(sql<boolean>`${sql.ref('customer_shares.customer_id')} = ${sql.ref('customers.id')}`)
      .where((s) =>
        s.or([
          s('customer_shares.user_id', '=', actor.userId),
          ...(actor.teamId === null ? [] : [s('customer_shares.team_id', '=', actor.teamId)]),
        ]),
      )
      .$if(writeOnly, (q) => q.where('customer_shares.access', '=', 'write')),
  );
}

/**
 * Which customers `actor` may see, as a condition on the `customers` table. Every query that
 * reads customers (or records that belong to one) goes through here, so list, get, search,
 * phone lookup, export and reports share one rule:
 * admin all; manager their team tree's, their own and shared ones; sales their own, shared
 * ones and the unowned pool; viewer their team's.
 */
export function visibleCustomers(actor: Actor): Expression<SqlBool> {
  const eb = expressionBuilder<Schema, 'customers'>();
  const own = eb('customers.owner_id', '=', actor.userId);
  switch (actor.role) {
    case 'admin':
      return always;
    case 'manager':
      return eb.or([own, ownedByTeams(eb, actor.teamIds ?? []), sharedWith(eb, actor, false)]);
    case 'sales':
      return eb.or([own, eb('customers.owner_id', 'is', null), sharedWith(eb, actor, false)]);
    case 'viewer':
      return ownedByTeams(eb, actor.teamIds ?? (actor.teamId === null ? [] : [actor.teamId]));
  }
}

/**
 * Which customers `actor` may change (a subset of the visible ones): sales their own and
 * write-shared ones (a pool customer only once claimed), managers their team tree's too,
 * admins all, viewers and read-only tokens none. A record that belongs to a customer is
 * changed through it: creating, editing, deleting, restoring or moving it needs this.
 */
export function writableCustomers(actor: Actor): Expression<SqlBool> {
  const eb = expressionBuilder<Schema, 'customers'>();
  const own = eb('customers.owner_id', '=', actor.userId);
  if (!actor.canWrite) return never;
  switch (actor.role) {
    case 'admin':
      return always;
    case 'manager':
      return eb.or([own, ownedByTeams(eb, actor.teamIds ?? []), sharedWith(eb, actor, true)]);
    case 'sales':
      return eb.or([own, sharedWith(eb, actor, true)]);
    case 'viewer':
      return never;
  }
}

/**
 * Rows whose customer (referenced by `customerIdColumn`, e.g. 'deals.customer_id') the actor may
 * see. Unless `withDeletedCustomers`, a customer in the recycle bin takes its records with it.
 * Contacts, deals, orders, interactions and tasks all follow their customer through here.
 */
export function ofVisibleCustomer(
  actor: Actor,
  customerIdColumn: string,
  options: { withDeletedCustomers?: boolean } = {},
): Expression<SqlBool> {
  return ofCustomerWhere(visibleCustomers(actor), customerIdColumn, options.withDeletedCustomers === true);
}

/** As ofVisibleCustomer, for writes: the record's customer (in the recycle bin or not) is one the actor may change. */
export function ofWritableCustomer(actor: Actor, customerIdColumn: string): Expression<SqlBool> {
  return ofCustomerWhere(writableCustomers(actor), customerIdColumn, true);
}

function ofCustomerWhere(rule: Expression<SqlBool>, customerIdColumn: string, withDeletedCustomers: boolean): Expression<SqlBool> {
  const eb = expressionBuilder<Schema, 'customers'>();
  return eb.exists(
    eb
      .selectFrom('customers')
      .select('customers.id')
      .where(sql<boolean>`${sql.ref('customers.id')} = ${sql.ref(customerIdColumn)}`)
      .where(rule)
      .$if(!withDeletedCustomers, (q) => q.where('customers.deleted_at', 'is', null)),
  );
}

/**
 * Who may name an owner (on create, update, import, merge or transfer): anyone may keep a
 * customer for themselves or leave it in the pool; handing it to someone else is for admins,
 * and for managers within their team tree (400 on `field` otherwise), as a transfer is.
 */
export async function assertCanAssignOwner(ctx: Pick<Ctx, 'db' | 'actor'>, ownerId: number | null, field = 'ownerId'): Promise<void> {
  const { actor } = ctx;
  if (ownerId === null || ownerId === actor.userId || actor.role === 'admin') return;
  if (actor.role !== 'manager') throw codedError('forbidden', 'customer.give_manager_only');
  const member = await ctx.db.selectFrom('users').select('id').where('id', '=', ownerId).where('team_id', 'in', [-1, ...(actor.teamIds ?? [])]).executeTakeFirst();
  if (!member) throw validationError([codedField(field, 'customer.owner_not_in_team', { id: ownerId })]);
}

/**
 * Sharing, releasing and changing the owner decide who holds a customer: its owner, or a
 * manager or admin who may change it. A write share lets a rep edit the customer, not give it
 * away nor take it. Call with a customer loaded for writing (findCustomerForWrite).
 */
export function assertCanGiveAway(actor: Actor, customer: { owner_id: number | null }, what: 'share' | 'release' | 'change the owner of'): void {
  if (actor.role === 'sales' && customer.owner_id !== actor.userId) {
    throw codedError('forbidden', what === 'share' ? 'customer.share_owner_only' : what === 'release' ? 'customer.release_owner_only' : 'customer.reassign_owner_only');
  }
}
