import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readConfig } from '../src/core/config.ts';
import { openDeps } from '../src/core/open-deps.ts';
import { createToken } from '../src/core/tokens/create-token.ts';
import { AS_OF, type AnalyticsData } from './analytics-data.ts';
import { startProcess } from './processes.ts';
import { barred, fmt, info, type Measure } from './table.ts';

export interface AnalyticsBenchOptions {
  n: number;
  record: (row: Measure) => void;
  log: (line: string) => void;
  /** timed requests per endpoint after the first */
  repeats?: number;
}

const COLD_BAR_S = 5;
const P95_BAR_MS = 500;

/** What the Reports page and the dashboard ask for when opened (web/src/features/analytics, dashboard). */
const DASHBOARD = [
  '/api/v1/analytics/rfm?limit=1',
  '/api/v1/analytics/abc?limit=1',
  '/api/v1/analytics/clv?limit=20',
  '/api/v1/analytics/churn?limit=100',
  '/api/v1/analytics/cohorts',
  '/api/v1/analytics/forecast',
  '/api/v1/analytics/lifecycle?groupBy=month',
  '/api/v1/analytics/lifecycle?groupBy=owner',
  '/api/v1/reports/dashboard?utcOffset=480',
  '/api/v1/reports/birthdays?utcOffset=480',
  '/api/v1/reports/pipeline?closed=true',
];

const p95 = (times: number[]) => [...times].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.95 * times.length) - 1)] as number;

/** The workspace, built (or found) by bench/analytics-data.ts in its own process. */
function workspace(n: number): AnalyticsData {
  const out = execFileSync(process.execPath, ['--max-old-space-size=6144', '--import', 'tsx', 'bench/analytics-data.ts', String(n)], { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  return JSON.parse(out.toString().trim().split('\n').pop() as string) as AnalyticsData;
}

/** Tokens for an admin, a manager (team 1) and a rep (team 1), and customers each of them may see. */
async function viewers(dataDir: string) {
  const { deps, database } = await openDeps(readConfig({ KEHU_DATA_DIR: dataDir }));
  try {
    const token = async (email: string) => (await createToken(deps, { email, name: 'analytics bench' }, null)).token;
    const rep = await deps.db.selectFrom('users').select('id').where('email', '=', 'rep1-1@example.com').executeTakeFirstOrThrow();
    const sample = async (ownerId: number | null, count: number) => {
      const rows = await deps.db
        .selectFrom('customers')
        .select('id')
        .$if(ownerId !== null, (q) => q.where('owner_id', '=', ownerId as number))
        .where('deleted_at', 'is', null)
        .orderBy('id')
        .execute();
      return Array.from({ length: count }, (_, i) => Number(rows[Math.floor(((i * 7919) % count) * (rows.length / count))]?.id));
    };
    return {
      admin: { token: await token('bench@example.com'), customers: await sample(null, 40) },
      manager: { token: await token('manager1@example.com'), customers: await sample(rep.id, 20) },
      rep: { token: await token('rep1-1@example.com'), customers: await sample(rep.id, 20) },
    };
  } finally {
    await database.close();
  }
}

/**
 * i. Analytics over N customers with about 10 orders each, through the real server: the first
 * RFM, ABC and cohort report (computed from the per-customer order figures; bar < 5 s), then
 * every request the Reports page and the dashboard make, and customer profiles, as an admin, a
 * manager and a rep (bar p95 < 500 ms), and the first report after a write.
 */
export async function analyticsBench({ n, record, log, repeats = 20 }: AnalyticsBenchOptions): Promise<void> {
  const data = workspace(n);
  record(info('analytics data: customers / orders', `${fmt(data.customers)} / ${fmt(data.orders)}${data.reused ? ` (kept in ${data.dataDir})` : ''}`));
  if (!data.reused) {
    record(info('analytics data: build (customers / orders / per-customer order figures) (s)', `${fmt(data.seconds.customers, 1)} / ${fmt(data.seconds.orders, 1)} / ${fmt(data.seconds.figures, 1)}`));
  }
  const who = await viewers(data.dataDir);
  const env = { KEHU_DATA_DIR: data.dataDir, PORT: '0', HOST: '127.0.0.1', KEHU_LOG_LEVEL: 'warn' };
  const server = await startProcess('kehu', ['bin/kehu.js', 'serve'], env, /serving (http:\/\/\S+)/);
  const get = async (token: string, path: string): Promise<number> => {
    const start = performance.now();
    const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } });
    const body = await res.text();
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${body.slice(0, 300)}`);
    return performance.now() - start;
  };
  try {
    for (const report of ['rfm', 'abc', 'cohorts', 'clv', 'churn'] as const) {
      const path = `/api/v1/analytics/${report}?asOf=${AS_OF}${report === 'cohorts' ? '' : '&limit=50'}`;
      const ms = await get(who.admin.token, path);
      log(`first ${report}: ${fmt(ms)} ms`);
      const name = `first ${report.toUpperCase()} report, admin, ${fmt(data.customers)} customers (s)`;
      record(report === 'clv' || report === 'churn' ? info(`${name} (with the day's model fit)`, fmt(ms / 1000, 2)) : barred(name, fmt(ms / 1000, 2), `< ${COLD_BAR_S}`, ms < COLD_BAR_S * 1000));
    }
    for (const [role, viewer] of Object.entries(who)) {
      const first: number[] = [];
      const worst: Array<{ path: string; p95: number }> = [];
      for (const path of DASHBOARD) {
        first.push(await get(viewer.token, path));
        const times: number[] = [];
        for (let i = 0; i < repeats; i++) times.push(await get(viewer.token, path));
        worst.push({ path, p95: p95(times) });
      }
      worst.sort((a, b) => b.p95 - a.p95);
      const top = worst[0] as { path: string; p95: number };
      log(`${role}: ${worst.map((w) => `${w.path} ${fmt(w.p95)} ms`).join(', ')}`);
      record(info(`dashboard, ${role}: first load of its ${DASHBOARD.length} requests, slowest (ms)`, fmt(Math.max(...first))));
      record(barred(`dashboard p95, ${role}: slowest of ${DASHBOARD.length} requests (${top.path.replace('/api/v1/', '')}) (ms)`, fmt(top.p95), `< ${P95_BAR_MS}`, top.p95 < P95_BAR_MS));
      const profiles: number[] = [];
      for (const id of viewer.customers) profiles.push(await get(viewer.token, `/api/v1/analytics/customers/${id}/profile`));
      record(barred(`customer profile p95, ${role}, ${viewer.customers.length} customers (ms)`, `${fmt(p95(profiles.slice(1)))} (first ${fmt(profiles[0] as number)})`, `< ${P95_BAR_MS}`, p95(profiles.slice(1)) < P95_BAR_MS));
    }
    const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1];
    if (rss) record(info('kehu server memory after the dashboards and profiles (RSS, MB)', fmt(Number(rss) / 1024)));
    const customerId = who.admin.customers[0] as number;
    const res = await fetch(`${server.url}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${who.admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ customerId, orderedAt: '2026-11-29T10:00:00Z', currency: 'CNY', items: [{ product: 'bench', quantity: 1, unitPrice: 12_300 }] }),
    });
    if (!res.ok) throw new Error(`POST /orders: ${res.status} ${await res.text()}`);
    const afterWrite = await get(who.admin.token, '/api/v1/analytics/rfm?limit=1');
    const profileAfterWrite = await get(who.admin.token, `/api/v1/analytics/customers/${customerId}/profile`);
    record(info('after one new order: first RFM report / that customer’s profile (ms)', `${fmt(afterWrite)} / ${fmt(profileAfterWrite)}`));
  } finally {
    await server.stop();
  }
}
