import type { Expression, Kysely, SqlBool } from 'kysely';
import { visibleContacts, writableContacts } from '../contacts/contacts.policy.ts';
import type { Actor, Ctx } from '../context.ts';
import { visibleCustomers, writableCustomers } from '../customers/customers.policy.ts';
import { visibleDeals, writableDeals } from '../deals/deals.policy.ts';
import { padded } from '../imports/match-duplicates.ts';
import { visibleInteractions, writableInteractions } from '../interactions/interactions.policy.ts';
import { visibleOrders, writableOrders } from '../orders/orders.policy.ts';
import { visibleTasks, writableTasks } from '../tasks/tasks.policy.ts';
import type { Schema } from '../db/schema.ts';
import { mayWrite } from './write-loader.ts';

type Rules = { visible: (actor: Actor) => Expression<SqlBool>; writable: (actor: Actor) => Expression<SqlBool> };

const RULES = {
  customer: { table: 'customers', visible: visibleCustomers, writable: writableCustomers },
  contact: { table: 'contacts', visible: visibleContacts, writable: writableContacts },
  deal: { table: 'deals', visible: (actor) => visibleDeals(actor), writable: writableDeals },
  order: { table: 'orders', visible: (actor) => visibleOrders(actor), writable: writableOrders },
  interaction: { table: 'interactions', visible: (actor) => visibleInteractions(actor), writable: writableInteractions },
  task: { table: 'tasks', visible: (actor) => visibleTasks(actor), writable: writableTasks },
} as const satisfies Record<string, Rules & { table: string }>;

export type AccessEntity = keyof typeof RULES;

const SLICE = 1000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one query for six tables, each rule written for its own table
const anyDb = (db: Kysely<Schema>) => db as Kysely<any>;

/**
 * What the actor may do with each of many records at once, by the same policy as the loaders
 * for writing (find<Entity>ForWrite): 'write', 'read', or absent when the record is invisible
 * (or gone). For batch writes such as an import updating matched records, a transfer, a revert.
 */
export async function recordAccess(ctx: Ctx, entity: AccessEntity, ids: Iterable<number>): Promise<Map<number, 'read' | 'write'>> {
  const rules = RULES[entity];
  const all = [...new Set(ids)];
  const access = new Map<number, 'read' | 'write'>();
  for (let i = 0; i < all.length; i += SLICE) {
    const rows: Array<{ id: number; may_write: number }> = await anyDb(ctx.db)
      .selectFrom(rules.table)
      .select([`${rules.table}.id as id`, mayWrite(rules.writable(ctx.actor))])
      // What one may change one may see; a child whose customer is in the recycle bin is only the former.
      .where((eb) => eb.or([rules.visible(ctx.actor), rules.writable(ctx.actor)]))
      .where(`${rules.table}.id`, 'in', padded(all.slice(i, i + SLICE)))
      .execute();
    for (const row of rows) access.set(Number(row.id), Number(row.may_write) === 1 ? 'write' : 'read');
  }
  return access;
}

/** The ids among `ids` the actor may change (see recordAccess). */
export async function writableIds(ctx: Ctx, entity: AccessEntity, ids: Iterable<number>): Promise<Set<number>> {
  const access = await recordAccess(ctx, entity, ids);
  return new Set([...access].filter(([, level]) => level === 'write').map(([id]) => id));
}

/** recordAccess as the API answers it (GET /<records>/access): the visible ones among ids, in the order asked, each once. */
export async function accessList(ctx: Ctx, entity: AccessEntity, ids: number[]): Promise<{ items: Array<{ id: number; access: 'read' | 'write' }> }> {
  const access = await recordAccess(ctx, entity, ids);
  return { items: [...new Set(ids)].flatMap((id) => {
    const level = access.get(id);
    return level ? [{ id, access: level }] : [];
  }) };
}
