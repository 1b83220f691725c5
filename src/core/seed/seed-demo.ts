import { codedError, codedField, validationError } from '../../domain/errors.ts';
import { inTransaction, type Actor, type Ctx, type Deps } from '../context.ts';
import { createCustomer } from '../customers/create-customer.ts';
import { seedInteractions, seedTasks } from './demo-activity.ts';
import { at, type DemoAccount } from './demo-account.ts';
import { seedContacts } from './demo-contacts.ts';
import { planCustomer } from './demo-customers.ts';
import { loadPipeline, seedDeals } from './demo-deals.ts';
import { OrderNumbers, seedOrders } from './demo-orders.ts';
import { ensureDemoTeam } from './demo-team.ts';
import { Random } from './random.ts';

export const DEFAULT_DEMO_CUSTOMERS = 300;
export const MAX_DEMO_CUSTOMERS = 100_000;
const DEFAULT_SEED = 20_261_122;

export interface SeedDemoOptions {
  customers?: number;
  /** add demo data even though the workspace already holds customers */
  force?: boolean;
  /** the PRNG seed: the same seed and clock give the same workspace */
  seed?: number;
  /** who enters the demo: the console (kehu seed) or the admin who asked for it; default the first admin */
  actor?: Actor;
}

export interface SeedDemoSummary {
  customers: number;
  contacts: number;
  deals: number;
  orders: number;
  interactions: number;
  tasks: number;
  /** the workspace's first admin (the demo admin, created when there was none) */
  actingAdmin: string;
  createdAdmin: string | null;
  createdUsers: string[];
  /** whether some active admin has a password (else the workspace needs one to be usable) */
  hasAdminWithPassword: boolean;
}

async function countCustomers(deps: Deps): Promise<number> {
  const row = await deps.db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).where('deleted_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function countOrders(deps: Deps): Promise<number> {
  const row = await deps.db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function hasAdminWithPassword(deps: Deps): Promise<boolean> {
  const row = await deps.db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled', '=', false)
    .where('password_hash', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

async function seedAccounts(ctx: Ctx, count: number, seed: number, team: { ownerIds: number[]; adminId: number }) {
  const { ownerIds } = team;
  const rng = new Random(seed);
  const now = ctx.clock.now();
  const pipeline = await loadPipeline(ctx);
  const numbers = new OrderNumbers(await countOrders(ctx));
  const totals = { customers: 0, contacts: 0, deals: 0, orders: 0, interactions: 0, tasks: 0 };
  for (let i = 0; i < count; i++) {
    const plan = planCustomer(rng, now, ownerIds);
    // The past is the demo team's: each account's records are written in the name of the user who
    // worked it (a pool customer's by the team's first member), never the admin who just signed up.
    const workerId = plan.input.ownerId ?? ownerIds[0] ?? team.adminId;
    const worker: Ctx = { ...ctx, actor: { ...ctx.actor, userId: workerId } };
    const customer = await createCustomer(at(worker, plan.createdAt), plan.input);
    const contactIds = await seedContacts(worker, rng, plan, customer.id);
    const account: DemoAccount = { customerId: customer.id, plan, contactIds, workerId };
    const deals = await seedDeals(worker, rng, account, pipeline);
    totals.customers += 1;
    totals.contacts += contactIds.length;
    totals.deals += deals.length;
    totals.orders += await seedOrders(worker, rng, account, deals, numbers);
    totals.interactions += await seedInteractions(worker, rng, account, deals);
    totals.tasks += await seedTasks(worker, rng, account, deals);
  }
  return totals;
}

/**
 * Fills a workspace with a realistic demo: a sales team, customers (Chinese and foreign,
 * companies and persons) with contacts, deals, orders, interactions and tasks, all through the
 * real use cases and in one transaction, so a failure leaves nothing behind.
 */
export async function seedDemo(deps: Deps, options: SeedDemoOptions = {}): Promise<SeedDemoSummary> {
  const count = options.customers ?? DEFAULT_DEMO_CUSTOMERS;
  if (!Number.isInteger(count) || count < 1 || count > MAX_DEMO_CUSTOMERS) {
    throw validationError([codedField('customers', 'field.whole_range', { min: 1, max: MAX_DEMO_CUSTOMERS })]);
  }
  // The demo's phone numbers are written as people in China write them, without +86.
  return inTransaction({ ...deps, settings: { ...deps.settings, defaultRegion: 'CN' } }, async (tx) => {
    const existing = await countCustomers(tx);
    if (existing > 0 && !options.force) {
      throw codedError('conflict', 'demo.not_empty', { count: existing });
    }
    const team = await ensureDemoTeam(tx);
    const ctx: Ctx = { ...tx, actor: options.actor ?? team.actor };
    const { adminId } = team;
    const ownerIds = team.ownerIds.length > 0 ? team.ownerIds : [adminId];
    const totals = await seedAccounts(ctx, count, options.seed ?? DEFAULT_SEED, { ownerIds, adminId });
    const admin = await tx.db.selectFrom('users').select('email').where('id', '=', adminId).executeTakeFirstOrThrow();
    return {
      ...totals,
      actingAdmin: admin.email,
      createdAdmin: team.createdAdmin,
      createdUsers: team.createdUsers,
      hasAdminWithPassword: await hasAdminWithPassword(tx),
    };
  });
}
