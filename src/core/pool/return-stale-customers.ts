import { sql } from 'kysely';
import { codedError } from '../../domain/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Actor, type Deps } from '../context.ts';
import { poolRules } from '../settings/get-pool-settings.ts';

const DAY_MS = 86_400_000;
const BATCH = 200;

export interface StaleCustomer {
  id: number;
  name: string;
  ownerId: number;
  ownerName: string;
  /** the later of the customer's last update and its last interaction */
  lastTouchedAt: string;
}

export interface ReturnStaleResult {
  /** the rule applied; null when the pool rules never return customers */
  returnAfterDays: number | null;
  /** customers untouched since before this moment were due */
  cutoff: string | null;
  dryRun: boolean;
  /** the customers returned (or, in a dry run, that would be) */
  returned: StaleCustomer[];
}

/** Who runs it: an admin, or nobody (the CLI and the server's daily timer). */
export type PoolJobCtx = Deps & { actor: Actor | null };

const later = (a: string, b: string | null) => (b !== null && Date.parse(b) > Date.parse(a) ? b : a);

async function findStale(deps: Deps, cutoff: string) {
  // A pool rule over every rep's customers, not a read on someone's behalf: no visibility policy applies.
  const rows = await deps.db
    .selectFrom('customers')
    .innerJoin('users', 'users.id', 'customers.owner_id')
    .select(['customers.id', 'customers.name', 'customers.owner_id', 'customers.version', 'customers.updated_at', 'users.name as owner_name'])
    .select((eb) =>
      eb
        .selectFrom('interactions')
        .select(sql<string | null>`max(${sql.ref('interactions.occurred_at')})`.as('last'))
        .whereRef('interactions.customer_id', '=', 'customers.id')
        .where('interactions.deleted_at', 'is', null)
        .as('last_interaction'),
    )
    .where('users.role', '=', 'sales')
    .where('customers.deleted_at', 'is', null)
    .where('customers.updated_at', '<', cutoff)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('interactions')
            .select('interactions.id')
            .whereRef('interactions.customer_id', '=', 'customers.id')
            .where('interactions.deleted_at', 'is', null)
            .where((i) => i.or([i('interactions.occurred_at', '>=', cutoff), i('interactions.created_at', '>=', cutoff)])),
        ),
      ),
    )
    // Belt and braces: an owner change also bumps updated_at, but a recent claim or transfer never counts as untouched.
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('audit_log')
            .select('audit_log.id')
            .where('audit_log.entity', '=', 'customer')
            .whereRef('audit_log.entity_id', '=', 'customers.id')
            .where('audit_log.action', 'in', ['claim', 'transfer'])
            .where('audit_log.at', '>=', cutoff),
        ),
      ),
    )
    .orderBy('customers.id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    ownerId: Number(r.owner_id),
    ownerName: r.owner_name,
    version: r.version,
    lastTouchedAt: later(r.updated_at, r.last_interaction),
  }));
}

/**
 * Moves to the public pool every customer owned by a sales rep that nobody touched for the
 * pool rules' `returnAfterDays`: no update of it, no interaction logged or held for it, and no
 * claim or transfer of it in that time. Each return is a `release` audit entry with reason
 * `auto`. A customer changed while this runs is left alone. Does nothing when the rule is off.
 */
export async function returnStaleCustomers(ctx: PoolJobCtx, options: { dryRun?: boolean } = {}): Promise<ReturnStaleResult> {
  const dryRun = options.dryRun === true;
  if (ctx.actor && ctx.actor.role !== 'admin') throw codedError('forbidden', 'pool.return_admin_only');
  if (ctx.actor && !ctx.actor.canWrite && !dryRun) throw codedError('forbidden', 'access.read_only');
  const { returnAfterDays } = await poolRules(ctx);
  if (returnAfterDays === null) return { returnAfterDays, cutoff: null, dryRun, returned: [] };
  const cutoff = new Date(ctx.clock.now().getTime() - returnAfterDays * DAY_MS).toISOString();
  const stale = await findStale(ctx, cutoff);
  const strip = ({ version: _version, ...customer }: (typeof stale)[number]): StaleCustomer => customer;
  if (dryRun) return { returnAfterDays, cutoff, dryRun, returned: stale.map(strip) };

  const returned: StaleCustomer[] = [];
  for (let start = 0; start < stale.length; start += BATCH) {
    await inTransaction(ctx, async (tx) => {
      const now = nowIso(tx);
      for (const customer of stale.slice(start, start + BATCH)) {
        const result = await tx.db
          .updateTable('customers')
          .set((eb) => ({ owner_id: null, version: eb('version', '+', 1), updated_at: now, updated_by: ctx.actor?.userId ?? null }))
          .where('id', '=', customer.id)
          .where('version', '=', customer.version)
          .where('owner_id', '=', customer.ownerId)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) continue;
        await recordAudit(tx, { action: 'release', entity: 'customer', entityId: customer.id, changes: { ownerId: [customer.ownerId, null], reason: [null, 'auto'] } });
        returned.push(strip(customer));
      }
    });
  }
  return { returnAfterDays, cutoff, dryRun, returned };
}
