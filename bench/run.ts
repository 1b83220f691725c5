import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../src/core/config.ts';
import type { Ctx } from '../src/core/context.ts';
import { bulkInsertCustomers } from '../src/core/customers/bulk-insert-customers.ts';
import { SQLITE_FILE } from '../src/core/db/create-db.ts';
import { openDeps } from '../src/core/open-deps.ts';
import { createToken } from '../src/core/tokens/create-token.ts';
import { createUser } from '../src/core/users/create-user.ts';
import { generateCustomers } from './generate.ts';
import { importBench } from './import.ts';
import { backupBench } from './backup.ts';
import { dedupeBench } from './dedupe.ts';
import { modelFitBench } from './model-fit.ts';
import { analyticsBench } from './analytics.ts';
import { killChildrenOnExit, startProcess, type Started } from './processes.ts';
import { sampleQueries, spreadIds } from './queries.ts';
import { measureThroughput } from './read-one.ts';
import { measureSearch, searchPath, type LatencyResult } from './search-latency.ts';
import { barred, fmt, info, renderTable, type Measure } from './table.ts';

const { values: args } = parseArgs({
  options: { n: { type: 'string' }, quick: { type: 'boolean', default: false }, reuse: { type: 'boolean', default: false }, only: { type: 'string' } },
});
const STEPS = ['search', 'read-one', 'import', 'dedupe', 'backup', 'fit', 'analytics'] as const;
const only = args.only?.split(',').map((s) => s.trim()) ?? [...STEPS];
const unknownStep = only.find((s) => !(STEPS as readonly string[]).includes(s));
if (unknownStep !== undefined) throw new Error(`--only takes a comma-separated list of ${STEPS.join(', ')}, not "${unknownStep}"`);
const runs = (step: (typeof STEPS)[number]) => only.includes(step);
const n = Number(args.n ?? process.env.BENCH_N ?? (args.quick ? 20_000 : 1_000_000));
if (!Number.isInteger(n) || n < 1_000) throw new Error(`--n must be a whole number of at least 1000, not "${args.n ?? process.env.BENCH_N}"`);
const readSeconds = args.quick ? 3 : 10;
const CONNECTIONS = 10;
const QUERIES_PER_KIND = 200;

const benchDir = resolve('.bench');
const dataDir = join(benchDir, `data-${n}`);
const rows: Measure[] = [];
const record = (row: Measure) => {
  rows.push(row);
  log(`${row.measure}: ${row.value}`);
};
const raw: Record<string, unknown> = { n, quick: args.quick, startedAt: new Date().toISOString(), loadBefore: loadavg() };
const seconds = (start: number) => (performance.now() - start) / 1000;
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  record(info(`${step} (duration)`, `${fmt(seconds(start), 1)} s`));
  return result;
}

/** a. N generated customers through bulkInsertCustomers into a fresh SQLite file. */
async function insertCustomers(ctx: Ctx) {
  let start = performance.now();
  for (const _ of generateCustomers(n));
  const generateRate = n / seconds(start);
  start = performance.now();
  let shown = 0;
  const result = await bulkInsertCustomers(ctx, generateCustomers(n), {
    onProgress: (p) => {
      if (p.processed - shown >= n / 10) log(`inserted ${fmt((shown = p.processed))} of ${fmt(n)}`);
    },
  });
  const insertSeconds = seconds(start);
  const rss = process.resourceUsage().maxRSS / 1024;
  record(info('generate only (rows/s)', fmt(generateRate)));
  record(info('generate + bulk insert (rows/s)', fmt(n / insertSeconds), '(import issue: ≥ 50,000)'));
  record(info('rows inserted / rejected', `${fmt(result.inserted)} / ${fmt(result.invalid)}`));
  record(info('peak RSS of the inserting process (MB)', fmt(rss), '(import issue: < 500)'));
  raw.insert = { seconds: insertSeconds, rowsPerSecond: n / insertSeconds, generateRowsPerSecond: generateRate, inserted: result.inserted, invalid: result.invalid, firstErrors: result.errors.slice(0, 5), peakRssMb: rss };
}

/** The bench database with its admin and a fresh token; `--reuse` keeps the customers of an earlier run. */
async function prepareDatabase() {
  if (!args.reuse) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const { deps, database } = await openDeps(readConfig({ KEHU_DATA_DIR: dataDir }));
  const email = 'bench@example.com';
  const existing = await deps.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  const adminId = existing?.id ?? (await createUser(deps, { email, name: 'Bench Admin', role: 'admin' }, null)).id;
  const { token } = await createToken(deps, { email, name: 'bench' }, adminId);
  if (!existing) await insertCustomers({ ...deps, actor: { userId: adminId, role: 'admin', teamId: null, canWrite: true } });
  else log(`reusing the customers in ${dataDir}`);
  const queries = await sampleQueries(deps.db, QUERIES_PER_KIND);
  const ids = shuffle(await spreadIds(deps.db, 1_000));
  await database.close();
  record(info('SQLite file size (MB)', fmt(statSync(join(dataDir, SQLITE_FILE)).size / 2 ** 20)));
  return { token, queries, ids };
}

function shuffle<T>(list: T[]): T[] {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [list[i], list[j]] = [list[j] as T, list[i] as T];
  }
  return list;
}

/** c. Sequential searches over HTTP, per kind of query. */
async function searchLatency(server: () => Promise<Started>, token: string, queries: Map<string, string[]>) {
  const { url } = await server();
  const path = await searchPath(url, token);
  const endpoint = path('x').split('?')[0];
  log(`searching through ${endpoint}`);
  const warmUp = [...queries.values()].flat().slice(0, 50);
  for (const q of warmUp) await fetch(url + path(q), { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer(), () => undefined);
  const results: LatencyResult[] = [];
  for (const [kind, list] of queries) {
    const result = await measureSearch((await server()).url, token, path, kind as LatencyResult['kind'], list);
    results.push(result);
    const notes = [`p50 ${fmt(result.p50, 1)}`, `found ${fmt(result.found * 100)} %`];
    if (result.failures) notes.push(`${result.failures} failed`);
    if (result.cutShort) notes.push(`only ${result.count} queries in the time budget`);
    const detail = `${fmt(result.p95, 1)} ms (${notes.join(', ')})`;
    record(barred(`search p95: ${kind}`, detail, '< 20 ms', result.p95 < 20 && result.failures === 0));
  }
  raw.search = { endpoint, results };
}

const startBare = (env: Record<string, string>) => startProcess('bare', ['--import', 'tsx', 'bench/bare-server.ts'], env, /listening on (http:\/\/\S+)/);

/** d. Reading one customer through auth and access control, against bare Fastify routes. */
async function readOne(server: () => Promise<Started>, token: string, ids: number[]) {
  const { url } = await server();
  const sample = await fetch(`${url}/api/v1/customers/${ids[0]}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.text());
  const sampleFile = join(benchDir, 'sample-customer.json');
  writeFileSync(sampleFile, sample);
  const common = { ids, seconds: readSeconds, connections: CONNECTIONS };
  const kehu = await measureThroughput({ ...common, url, pathOf: (id) => `/api/v1/customers/${id}`, headers: { authorization: `Bearer ${token}` } });
  const bareRun = async (env: Record<string, string>) => {
    const bare = await startBare({ BENCH_SAMPLE_FILE: sampleFile, ...env });
    try {
      return await measureThroughput({ ...common, url: bare.url, pathOf: (id) => `/customers/${id}` });
    } finally {
      await bare.stop();
    }
  };
  const plain = await bareRun({});
  const withRead = await bareRun({ BENCH_SQLITE: join(dataDir, SQLITE_FILE) });
  const ratio = kehu.requestsPerSecond / plain.requestsPerSecond;
  record(info('read one customer, kehu API (req/s)', `${fmt(kehu.requestsPerSecond)} (p99 ${kehu.p99Ms} ms${kehu.non2xx ? `, ${kehu.non2xx} non-2xx` : ''})`));
  record(info('bare Fastify route, same body (req/s)', `${fmt(plain.requestsPerSecond)} (p99 ${plain.p99Ms} ms)`));
  record(barred('read-one / bare', `${fmt(ratio * 100)} %`, '≥ 50 %', ratio >= 0.5 && kehu.non2xx === 0));
  record(info('bare Fastify + 2 prepared SQLite reads (req/s)', `${fmt(withRead.requestsPerSecond)} (kehu = ${fmt((kehu.requestsPerSecond / withRead.requestsPerSecond) * 100)} % of it)`));
  raw.readOne = { kehu, bare: plain, bareWithSqliteRead: withRead, ratio, bodyBytes: Buffer.byteLength(sample), connections: CONNECTIONS, seconds: readSeconds };
}

/** a–d: the customers database and the server that searches and reads it. */
async function searchAndRead() {
  const { token, queries, ids } = await timed('a. generate + insert', prepareDatabase);
  const env = { KEHU_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', KEHU_LOG_LEVEL: 'warn' };
  const start = () => startProcess('kehu', ['bin/kehu.js', 'serve'], env, /serving (http:\/\/\S+)/);
  let server = await timed('b. start server', start);
  let restarts = 0;
  // Something outside the bench has stopped its server before; measure on rather than lose the run.
  const running = async () => {
    if (server.child.exitCode === null && server.child.signalCode === null) return server;
    log(`the kehu server was stopped from outside (restart ${++restarts}); starting it again`);
    server = await start();
    return server;
  };
  try {
    if (runs('search')) await timed('c. search latency', () => searchLatency(running, token, queries));
    if (runs('read-one')) await timed('d. read-one throughput', () => readOne(running, token, ids));
  } finally {
    await server.stop();
    if (restarts > 0) record(info('kehu server restarts (stopped from outside)', String(restarts)));
  }
}

async function steps() {
  // the later steps build their own data, so `--only fit,analytics` needs none of a–d
  if (runs('search') || runs('read-one')) await searchAndRead();
  if (runs('import')) await timed('e. import from CSV', () => importBench({ n, benchDir, record, log }));
  if (runs('dedupe')) await timed('f. duplicate scan', () => dedupeBench({ n, reuse: args.reuse, benchDir }, { record, log }));
  if (runs('backup')) await timed('g. backup, restore test, restore; archive', () => backupBench({ n, record, log }));
  if (runs('fit')) await timed('h. purchase model fit', async () => modelFitBench(record));
  if (runs('analytics')) await timed('i. analytics reports and dashboard', () => analyticsBench({ n, record, log }));
}

/** Prints and saves what was measured, also when a step failed part-way. */
function report(error: unknown) {
  raw.loadAfter = loadavg();
  if (error) raw.error = String((error as Error).stack ?? error);
  const load = (raw.loadBefore as number[]).map((l) => l.toFixed(1)).join(' ');
  console.log(`\nkehu bench, N = ${fmt(n)} customers, ${CONNECTIONS} connections (load average before: ${load})\n`);
  console.log(renderTable(rows));
  writeFileSync(join(benchDir, 'results.json'), `${JSON.stringify({ ...raw, table: rows }, null, 2)}\n`);
  log(`results in ${join(benchDir, 'results.json')}`);
}

killChildrenOnExit();
mkdirSync(benchDir, { recursive: true });
log(`N = ${fmt(n)}${args.quick ? ' (quick)' : ''}, data in ${dataDir}`);
try {
  await steps();
  report(null);
} catch (error) {
  report(error);
  throw error;
}
