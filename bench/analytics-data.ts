// The analytics bench's workspace, built once per size and kept under /tmp:
//   node --import tsx bench/analytics-data.ts N  →  one JSON line on stdout.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { refreshStaleOrderStats } from '../src/core/analytics/refresh-order-stats.ts';
import { readConfig } from '../src/core/config.ts';
import { openDatabase } from '../src/core/db/create-db.ts';
import { migrate } from '../src/core/db/migrate.ts';
import { bulkInsertCustomers } from '../src/core/customers/bulk-insert-customers.ts';
import { openDeps } from '../src/core/open-deps.ts';
import { createUser } from '../src/core/users/create-user.ts';
import { generateCustomers } from './generate.ts';

export const TEAMS = 5;
export const REPS_PER_TEAM = 10;
/** Orders per customer run evenly from 0 to twice this. */
export const MEAN_ORDERS = 10;
/** The day the data stands on: orders fall in the 1,065 days before it. */
export const AS_OF = '2026-11-30';
const FIRST_DAY = '2024-01-01';
const DAYS = 1_065;
const CUSTOMERS_PER_STATEMENT = 50_000;

export interface AnalyticsData {
  dataDir: string;
  customers: number;
  orders: number;
  reused: boolean;
  seconds: { customers: number; orders: number; figures: number };
}

export const analyticsDataDir = (n: number) => `/tmp/kehu-bench-analytics-${n}`;

const seconds = (start: number) => (performance.now() - start) / 1000;
const log = (line: string) => process.stderr.write(`analytics data: ${line}\n`);

/**
 * n customers through the import's bulk path, owned by 50 reps in 5 teams (each with a manager),
 * then about 10 orders each written set-based (about one in ten customers buys in USD, one order
 * in 33 is cancelled), then the per-customer order figures through kehu's own refresh.
 */
export async function buildAnalyticsData(n: number): Promise<AnalyticsData> {
  const dataDir = analyticsDataDir(n);
  const ready = join(dataDir, 'ready.json');
  if (existsSync(ready)) {
    // kept bench data is disposable: newer migrations apply without the 3.6 GB pre-migration backup
    const database = openDatabase({ url: undefined, dataDir });
    try {
      await migrate(database);
    } finally {
      await database.close();
    }
    return { ...(JSON.parse(readFileSync(ready, 'utf8')) as AnalyticsData), reused: true };
  }
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const { deps, database } = await openDeps(readConfig({ KEHU_DATA_DIR: dataDir }));
  try {
    const admin = await createUser(deps, { email: 'bench@example.com', name: 'Bench Admin', role: 'admin' }, null);
    const reps: number[] = [];
    for (let t = 1; t <= TEAMS; t++) {
      const team = `Team ${t}`;
      await createUser(deps, { email: `manager${t}@example.com`, name: `Manager ${t}`, role: 'manager', team }, admin.id);
      for (let r = 1; r <= REPS_PER_TEAM; r++) reps.push((await createUser(deps, { email: `rep${t}-${r}@example.com`, name: `Rep ${t}-${r}`, role: 'sales', team }, admin.id)).id);
    }
    let start = performance.now();
    const ctx = { ...deps, actor: { userId: admin.id, role: 'admin' as const, teamId: null, canWrite: true } };
    await bulkInsertCustomers(ctx, generateCustomers(n), { onProgress: (p) => p.processed % 200_000 === 0 && log(`${p.processed} customers`) });
    const ownerCase = sql.raw(`case id % ${reps.length} ${reps.map((id, i) => `when ${i} then ${id}`).join(' ')} end`);
    await sql`update customers set owner_id = ${ownerCase}`.execute(deps.db);
    const customerSeconds = seconds(start);
    log(`customers in ${customerSeconds.toFixed(1)} s`);

    start = performance.now();
    const { rows: range } = await sql<{ lo: number; hi: number }>`select min(id) as lo, max(id) as hi from customers`.execute(deps.db);
    const { lo, hi } = range[0] as { lo: number; hi: number };
    for (let from = lo; from <= hi; from += CUSTOMERS_PER_STATEMENT) {
      await sql`
        with recursive k(i) as (select 0 union all select i + 1 from k where i < ${2 * MEAN_ORDERS})
        insert into orders (customer_id, order_no, ordered_at, status, currency, total, custom, version, created_at, updated_at, created_by, updated_by)
        select c.id, 'SO-' || c.id || '-' || k.i,
          strftime('%Y-%m-%dT%H:%M:%fZ', ${FIRST_DAY}, '+' || ((c.id * 2654435761 % 1000003 + k.i * (3 + c.id % 61)) % ${DAYS}) || ' days', '+' || ((c.id * 7919 + k.i * 104729) % 86400) || ' seconds'),
          case when (c.id + k.i) % 33 = 0 then 'cancelled' else 'completed' end,
          case when c.id % 10 = 3 then 'USD' else 'CNY' end,
          100 + (c.id * 7919 + k.i * 104729) % (1000 + (c.id % 97) * 1000),
          '{}', 1, c.created_at, c.created_at, ${admin.id}, ${admin.id}
        from customers c join k on k.i < (c.id * 40503 % 65537) % ${2 * MEAN_ORDERS + 1}
        where c.id >= ${from} and c.id < ${from + CUSTOMERS_PER_STATEMENT}`.execute(deps.db);
      if ((from - lo) % 200_000 === 0) log(`orders for customers up to ${from + CUSTOMERS_PER_STATEMENT}`);
    }
    const orderSeconds = seconds(start);
    log(`orders in ${orderSeconds.toFixed(1)} s`);

    start = performance.now();
    await refreshStaleOrderStats(deps);
    const figureSeconds = seconds(start);
    log(`per-customer order figures in ${figureSeconds.toFixed(1)} s`);
    await sql`analyze`.execute(deps.db);
    await sql`pragma wal_checkpoint(truncate)`.execute(deps.db);
    const count = async (table: 'customers' | 'orders') => Number((await deps.db.selectFrom(table).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const data: AnalyticsData = {
      dataDir,
      customers: await count('customers'),
      orders: await count('orders'),
      reused: false,
      seconds: { customers: customerSeconds, orders: orderSeconds, figures: figureSeconds },
    };
    writeFileSync(ready, `${JSON.stringify(data)}\n`);
    return data;
  } finally {
    await database.close();
  }
}

if (process.argv[1]?.endsWith('analytics-data.ts')) {
  const n = Number(process.argv[2] ?? 1_000_000);
  process.stdout.write(`${JSON.stringify(await buildAnalyticsData(n))}\n`);
}
