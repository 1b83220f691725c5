import { sql } from 'kysely';
import { DEFAULT_STALE_DAYS, type DataQualityFilter, type DataQualityReportShape, type QualityCheckShape } from '../../domain/quality.ts';
import { nowIso, type Ctx } from '../context.ts';
import { customersQuery } from '../customers/customers.repository.ts';
import { visibleCustomers } from '../customers/customers.policy.ts';
import { CUSTOMER_CHECKS } from './quality-checks.ts';

const DAY_MS = 86_400_000;

const liveCustomers = (ctx: Ctx) => customersQuery(ctx).where('customers.deleted_at', 'is', null);

/** Open suspected-duplicate pairs of customers the actor can both see. */
async function openDuplicates(ctx: Ctx, sample: number): Promise<QualityCheckShape> {
  const visibleLive = (column: 'a_id' | 'b_id') =>
    ctx.db
      .selectFrom('customers')
      .select('customers.id')
      .where('customers.deleted_at', 'is', null)
      .where(visibleCustomers(ctx.actor))
      .where(sql<boolean>`${sql.ref('customers.id')} = ${sql.ref(`duplicate_pairs.${column}`)}`);
  const pairs = ctx.db
    .selectFrom('duplicate_pairs')
    .where('duplicate_pairs.entity', '=', 'customers')
    .where('duplicate_pairs.status', '=', 'open')
    .where((eb) => eb.and([eb.exists(visibleLive('a_id')), eb.exists(visibleLive('b_id'))]));
  const { n } = await pairs.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await pairs
    .innerJoin('customers as a', 'a.id', 'duplicate_pairs.a_id')
    .innerJoin('customers as b', 'b.id', 'duplicate_pairs.b_id')
    .select(['duplicate_pairs.id', 'duplicate_pairs.a_id', 'a.name as a_name', 'b.name as b_name'])
    .orderBy('duplicate_pairs.score', 'desc')
    .orderBy('duplicate_pairs.id')
    .limit(sample)
    .execute();
  return {
    key: 'open_duplicates',
    label: 'suspected duplicate pairs to review',
    count: Number(n),
    sample: rows.map((r) => ({ id: Number(r.id), name: `${r.a_name} ⇄ ${r.b_name}`, link: `/api/v1/customers/${r.a_id}/duplicates` })),
  };
}

/**
 * What is missing, invalid, stale or doubled among the customers the actor may see: a count
 * and a few examples (with their API links) per check.
 */
export async function getDataQuality(ctx: Ctx, filter: DataQualityFilter = {}): Promise<DataQualityReportShape> {
  const staleDays = filter.staleDays ?? DEFAULT_STALE_DAYS;
  const sample = filter.sample ?? 10;
  const now = nowIso(ctx);
  const cutoff = new Date(Date.parse(now) - staleDays * DAY_MS).toISOString();
  const total = await liveCustomers(ctx).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const checks: QualityCheckShape[] = [];
  for (const check of CUSTOMER_CHECKS) {
    const matching = liveCustomers(ctx).where(check.where(cutoff));
    const { n } = await matching.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = Number(n) === 0 || sample === 0 ? [] : await matching.select(['customers.id', 'customers.name']).orderBy('customers.id').limit(sample).execute();
    checks.push({
      key: check.key,
      label: check.label,
      count: Number(n),
      sample: rows.map((r) => ({ id: Number(r.id), name: r.name, link: `/api/v1/customers/${r.id}` })),
    });
  }
  checks.push(await openDuplicates(ctx, sample));
  return { generatedAt: now, staleDays, customers: Number(total.n), checks };
}
