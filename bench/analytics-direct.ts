// The analytics reports called directly on the analytics bench's data, in this process, for a CPU profile:
//   node --cpu-prof --cpu-prof-dir=DIR --import tsx bench/analytics-direct.ts N rfm,abc,cohorts [admin|manager|rep]
import { cpuUsage, memoryUsage } from 'node:process';
import { readConfig } from '../src/core/config.ts';
import { openDatabase } from '../src/core/db/create-db.ts';
import { loadKeyring } from '../src/core/crypto/load-keyring.ts';
import type { Actor, Ctx } from '../src/core/context.ts';
import { systemClock } from '../src/core/context.ts';
import { rfmReport } from '../src/core/analytics/rfm-report.ts';
import { abcReport } from '../src/core/analytics/abc-report.ts';
import { cohortReport } from '../src/core/analytics/cohort-report.ts';
import { clvReport } from '../src/core/analytics/clv-report.ts';
import { AS_OF, analyticsDataDir } from './analytics-data.ts';

const [n = '100000', list = 'rfm', who = 'admin'] = process.argv.slice(2);
const config = readConfig({ KEHU_DATA_DIR: analyticsDataDir(Number(n)) });
const database = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
const crypto = loadKeyring({ secretKey: config.secretKey, dataDir: config.dataDir, now: new Date() });
const deps = { db: database.db, dialect: database.dialect, clock: systemClock, settings: { defaultRegion: 'CN' }, crypto };
const email = who === 'admin' ? 'bench@example.com' : who === 'manager' ? 'manager1@example.com' : 'rep1-1@example.com';
const user = await deps.db.selectFrom('users').select(['id', 'role', 'team_id']).where('email', '=', email).executeTakeFirstOrThrow();
const actor: Actor = { userId: Number(user.id), role: user.role as Actor['role'], teamId: user.team_id === null ? null : Number(user.team_id), teamIds: user.team_id === null ? [] : [Number(user.team_id)], canWrite: true };
const ctx: Ctx = { ...deps, actor };
const reports = {
  rfm: () => rfmReport(ctx, { asOf: AS_OF, limit: 50 }),
  abc: () => abcReport(ctx, { asOf: AS_OF, limit: 50 }),
  cohorts: () => cohortReport(ctx, { asOf: AS_OF }),
  clv: () => clvReport(ctx, { asOf: AS_OF, limit: 50 }),
};
for (const name of list.split(',') as Array<keyof typeof reports>) {
  const start = performance.now();
  const cpu = cpuUsage();
  const result = (await reports[name]()) as { customers?: number; groups?: unknown };
  const used = cpuUsage(cpu);
  console.log(`${name}: ${((performance.now() - start) / 1000).toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU, customers ${result.customers ?? '-'}, heap ${(memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB, rss ${(memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  if (process.env.DUMP) console.log(JSON.stringify(result));
}
await database.close();
