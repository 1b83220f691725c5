// Backup, restore test and restore of an N-customer database (one contact and three orders each)
// while a writer keeps writing, and archive export/import rates, on SQLite and PostgreSQL.
// In `npm run bench` (step g) or alone: node --import tsx bench/backup.ts [--n 1000000] [--only sqlite|postgres] [--no-round-trip]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { Step } from './backup-step.ts';
import { barred, fmt, info, renderTable, type Measure } from './table.ts';

export interface BackupBenchOptions {
  n: number;
  /** both by default */
  only?: 'sqlite' | 'postgres';
  /** skip the PostgreSQL archive's way back into SQLite (--no-round-trip): the backup cycle sooner */
  noRoundTrip?: boolean;
  record: (row: Measure) => void;
  log: (line: string) => void;
}

const STALL_BAR_MS = 100;
const PG_ADMIN = process.env.KEHU_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const pgUrl = (database: string) => Object.assign(new URL(PG_ADMIN), { pathname: `/${database}` }).toString();
const mb = (bytes: number) => fmt(bytes / 2 ** 20);

/** Runs one step in a child process and returns what it printed. */
function run<T>(step: Step, log: (line: string) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', 'bench/backup-step.ts', JSON.stringify(step)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KEHU_LOG_LEVEL: 'warn' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`backup bench step ${step.step} failed (${code}): ${err.slice(-2000)}`));
      const last = out.trim().split('\n').at(-1) ?? '{}';
      log(`${step.step}: ${last.slice(0, 300)}`);
      resolve(JSON.parse(last) as T);
    });
  });
}

async function freshPgDatabase(name: string): Promise<string> {
  const client = new pg.Client({ connectionString: PG_ADMIN });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  return pgUrl(name);
}

async function dropPgDatabase(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
}

type BackupResult = { seconds: number; file: string; bytes: number; databaseBytes: number; rows: number; peakRssMb: number; alone: Stall | null; during: Stall | null };
type Stall = { writes: number; maxMs: number; p99Ms: number; over100: number; load?: number };
/** The machine's load average while the writer ran: on a shared 2-core machine it decides the stall as much as kehu does. */
const loadOf = (stall: Stall) => (stall.load === undefined ? '' : `; load ${fmt(stall.load, 1)}`);
type Timed = { seconds: number; rows: number; peakRssMb: number; bytes?: number };
type Verified = { seconds: number; ok: boolean; failed: unknown[]; peakRssMb: number; during: Stall };

/** Backup (with a writer), restore test and restore on one database; the rows are recorded under `label`. */
async function cycle(label: string, source: { dataDir: string; databaseUrl?: string }, target: { dataDir: string; databaseUrl?: string }, work: string, options: BackupBenchOptions) {
  const { record, log } = options;
  const dir = join(work, `backups-${label}`);
  const made = await run<BackupResult>({ step: 'backup', ...source, dir, writer: true }, log);
  const during = made.during as Stall;
  record(info(`${label}: backup of ${fmt(made.rows)} rows (s)`, `${fmt(made.seconds, 1)} s, peak RSS ${fmt(made.peakRssMb)} MB`));
  record(info(`${label}: backup file / database (MB)`, `${mb(made.bytes)} / ${mb(made.databaseBytes)}`));
  record(
    barred(
      `${label}: longest writer stall during the backup`,
      `${fmt(during.maxMs, 1)} ms (p99 ${fmt(during.p99Ms, 1)}, ${fmt(during.writes)} writes, ${during.over100} over 100 ms; alone: max ${fmt(made.alone?.maxMs ?? 0, 1)}${loadOf(during)})`,
      `≤ ${STALL_BAR_MS} ms`,
      during.maxMs <= STALL_BAR_MS,
    ),
  );
  const verified = await run<Verified>({ step: 'verify', ...source, file: made.file }, log);
  record(barred(`${label}: restore test (verify)`, `${fmt(verified.seconds, 1)} s, peak RSS ${fmt(verified.peakRssMb)} MB${verified.ok ? '' : ` FAILED ${JSON.stringify(verified.failed).slice(0, 200)}`}`, 'passes', verified.ok));
  // The weekly restore test runs inside `kehu serve`: the same bar as the backup.
  record(
    barred(
      `${label}: longest writer stall during the restore test`,
      `${fmt(verified.during.maxMs, 1)} ms (p99 ${fmt(verified.during.p99Ms, 1)}, ${fmt(verified.during.writes)} writes, ${verified.during.over100} over 100 ms${loadOf(verified.during)})`,
      `≤ ${STALL_BAR_MS} ms`,
      verified.during.maxMs <= STALL_BAR_MS,
    ),
  );
  const restored = await run<Timed>({ step: 'restore', ...target, file: made.file, dir: join(work, `safety-${label}`) }, log);
  record(info(`${label}: restore into a new install`, `${fmt(restored.seconds, 1)} s (${fmt(restored.rows)} rows), peak RSS ${fmt(restored.peakRssMb)} MB`));
  rmSync(dir, { recursive: true, force: true });
}

export async function backupBench(options: BackupBenchOptions): Promise<void> {
  const { n, record, log } = options;
  const cache = `/tmp/kehu-bench-backup-${n}`;
  const work = `/tmp/kehu-bench-backup-work-${n}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  if (!existsSync(join(cache, 'ready'))) {
    log(`building the ${fmt(n)}-customer database once in ${cache} (reused by later runs)`);
    const built = await run<{ seconds: number }>({ step: 'build', dataDir: cache, n }, log);
    record(info('backup bench: build the database once (s)', fmt(built.seconds, 1)));
  } else {
    log(`reusing ${cache} (built for n = ${readFileSync(join(cache, 'ready'), 'utf8').trim()})`);
    await run<{ applied: number }>({ step: 'migrate', dataDir: cache }, log);
  }
  record(info('backup bench: SQLite file (MB)', mb(statSync(join(cache, 'kehu.sqlite')).size)));
  try {
    if (options.only !== 'postgres') await sqliteCycle(cache, work, options);
    const archive = join(work, 'sqlite.kehu-archive.tar.gz');
    const exported = await run<Timed>({ step: 'export', dataDir: cache, file: archive }, log);
    record(info('archive export, SQLite (rows/s)', `${fmt(exported.rows / exported.seconds)} (${fmt(exported.rows)} rows in ${fmt(exported.seconds, 1)} s, ${mb(exported.bytes ?? 0)} MB)`));
    if (options.only === 'sqlite') return;
    await postgresCycle(cache, work, archive, options);
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (options.only !== 'sqlite') {
      await dropPgDatabase('kehu_bench_backup_restore').catch(() => undefined);
      await dropPgDatabase('kehu_bench_backup').catch(() => undefined);
    }
  }
}

async function sqliteCycle(cache: string, work: string, options: BackupBenchOptions) {
  const { record, log } = options;
  {
    const checked = await run<{ seconds: number; integrityOk: boolean; during: Stall }>({ step: 'health', dataDir: cache }, log);
    record(info('SQLite: health report (GET /api/v1/health)', `${fmt(checked.seconds, 1)} s (integrity ${checked.integrityOk ? 'ok' : 'NOT ok'}); longest writer stall meanwhile ${fmt(checked.during.maxMs, 1)} ms`));
    await cycle('SQLite', { dataDir: cache }, { dataDir: join(work, 'restored-sqlite') }, work, options);
  }
}

/** The SQLite archive into PostgreSQL, out again and into SQLite; then the PostgreSQL backup cycle on it. */
async function postgresCycle(cache: string, work: string, archive: string, options: BackupBenchOptions) {
  const { record, log } = options;
  // The key file stays in the source's data dir: the PostgreSQL side reads the same encrypted values.
  const pgSource = { dataDir: cache, databaseUrl: await freshPgDatabase('kehu_bench_backup') };
  const imported = await run<Timed>({ step: 'import', ...pgSource, file: archive }, log);
  record(info('archive import, PostgreSQL (rows/s)', `${fmt(imported.rows / imported.seconds)} (${fmt(imported.seconds, 1)} s, peak RSS ${fmt(imported.peakRssMb)} MB)`));
  const pgTarget = { dataDir: cache, databaseUrl: await freshPgDatabase('kehu_bench_backup_restore') };
  if (options.noRoundTrip) return cycle('PostgreSQL', pgSource, pgTarget, work, options);
  const pgArchive = join(work, 'postgres.kehu-archive.tar.gz');
  const pgExported = await run<Timed>({ step: 'export', ...pgSource, file: pgArchive }, log);
  record(info('archive export, PostgreSQL (rows/s)', `${fmt(pgExported.rows / pgExported.seconds)} (${fmt(pgExported.seconds, 1)} s)`));
  const back = await run<Timed>({ step: 'import', dataDir: join(work, 'from-postgres'), file: pgArchive }, log);
  record(info('archive import, SQLite (rows/s)', `${fmt(back.rows / back.seconds)} (${fmt(back.seconds, 1)} s, peak RSS ${fmt(back.peakRssMb)} MB)`));
  rmSync(join(work, 'from-postgres'), { recursive: true, force: true });
  await cycle('PostgreSQL', pgSource, pgTarget, work, options);
}

if (process.argv[1]?.endsWith('bench/backup.ts')) {
  const { values } = parseArgs({ options: { n: { type: 'string' }, only: { type: 'string' }, 'no-round-trip': { type: 'boolean' } } });
  if (values.only !== undefined && values.only !== 'sqlite' && values.only !== 'postgres') throw new Error(`--only takes sqlite or postgres, not "${values.only}"`);
  const n = Number(values.n ?? 1_000_000);
  const rows: Measure[] = [];
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  try {
    await backupBench({ n, only: values.only, noRoundTrip: values['no-round-trip'], record: (row) => (rows.push(row), log(`${row.measure}: ${row.value}`)), log });
  } finally {
    console.log(`\nkehu backup bench, N = ${fmt(n)} customers (one contact and three orders each)\n`);
    console.log(renderTable(rows));
  }
}
