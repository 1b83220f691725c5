import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { readConfig } from '../src/core/config.ts';
import type { Deps } from '../src/core/context.ts';
import { openTable } from '../src/core/files/open-table.ts';
import { runImportJob } from '../src/core/imports/run-import-job.ts';
import { startImport } from '../src/core/imports/start-import.ts';
import { openDeps } from '../src/core/open-deps.ts';
import { search } from '../src/core/search/search.ts';
import { createUser } from '../src/core/users/create-user.ts';
import { customerGenerator } from './generate.ts';
import { barred, fmt, info, renderTable, type Measure } from './table.ts';

export interface ImportBenchOptions {
  n: number;
  benchDir: string;
  record: (row: Measure) => void;
  log: (line: string) => void;
  /** rows for the PostgreSQL run (default min(n, 200,000)); 0 skips it */
  pgRows?: number;
}

const HEADERS = ['客户名称', '手机', '邮箱', '城市', '行业', '级别', '阶段', '标签'];

/** mulberry32, as in generate.ts, for the file's own mix of formats, duplicates and bad rows. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const quote = (cell: string) => (/[",\n\r]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
const STAGE_WORDS = ['线索', '意向客户', '成交客户', 'lead', 'prospect', 'customer'];

/**
 * A customer CSV as people really have them: phones as "138 1234 5678", "+86-139…", "(010) 6552 9988",
 * several in a cell; e-mails in capitals; Chinese and Latin names; ~2 % rows repeating an earlier
 * customer's phone, ~1 % bad rows (short phone, broken e-mail, no name).
 */
export async function writeCustomerCsv(path: string, n: number, seed = 2027): Promise<{ dups: number; bad: number }> {
  const next = customerGenerator(seed);
  const rnd = random(seed);
  const out = createWriteStream(path);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(`\ufeff${HEADERS.join(',')}\r\n`);
  const recent: string[] = [];
  let dups = 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = next();
    let phones = (c.phones ?? []).map((p, j) => {
      const digits = p.value.replace(/\D/g, '');
      if (j === 0 && rnd() < 0.15 && !p.value.startsWith('+1') && /^(86)?1[3-9]\d{9}$/.test(digits)) return `+86-${digits.slice(-11, -8)}-${digits.slice(-8, -4)}-${digits.slice(-4)}`;
      if (rnd() < 0.1 && /^(86)?10\d{8}$/.test(digits)) return `(010) ${digits.slice(-8, -4)} ${digits.slice(-4)}`;
      return p.value;
    });
    let email = (c.emails ?? [])[0]?.value ?? '';
    if (email && rnd() < 0.3) email = email.toUpperCase();
    let name = c.name;
    const roll = rnd();
    if (roll < 0.02 && recent.length > 0) {
      phones = [recent[Math.floor(rnd() * recent.length)] as string];
      email = '';
      dups++;
    } else if (roll < 0.03) {
      const kind = Math.floor(rnd() * 3);
      if (kind === 0) phones = ['12345'];
      else if (kind === 1) email = 'broken@';
      else name = '';
      bad++;
    } else if (phones[0] && recent.length < 1_000) {
      recent.push(phones[0]);
    } else if (phones[0] && rnd() < 0.01) {
      recent[Math.floor(rnd() * recent.length)] = phones[0];
    }
    const row = [name, phones.join(' / '), email, c.city ?? '', c.industry ?? '', c.level ?? '', STAGE_WORDS[Math.floor(rnd() * STAGE_WORDS.length)] as string, c.tags?.join(';') ?? ''];
    await write(`${row.map(quote).join(',')}\r\n`);
  }
  out.end();
  await once(out, 'finish');
  return { dups, bad };
}

/** The raw engine: the same file parsed and its rows inserted as they are, one prepared statement, no validation. */
async function rawEngine(path: string, dir: string): Promise<number> {
  const file = join(dir, 'raw.sqlite');
  rmSync(file, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`create table raw (id integer primary key, ${HEADERS.map((_, i) => `c${i} text`).join(', ')})`);
  const insert = db.prepare(`insert into raw (${HEADERS.map((_, i) => `c${i}`).join(', ')}) values (${HEADERS.map(() => '?').join(', ')})`);
  const many = db.transaction((rows: string[][]) => {
    for (const r of rows) insert.run(r);
  });
  const start = performance.now();
  const table = await openTable({ path });
  let batch: string[][] = [];
  let count = 0;
  for await (const row of table.rows) {
    batch.push(row.values);
    if (batch.length === 5_000) {
      many(batch);
      count += batch.length;
      batch = [];
    }
  }
  many(batch);
  count += batch.length;
  const seconds = (performance.now() - start) / 1000;
  db.close();
  rmSync(file, { force: true });
  return count / seconds;
}

async function importInto(deps: Deps, path: string, log: (line: string) => void) {
  const admin = await createUser(deps, { email: `import-bench-${Date.now()}@example.com`, name: 'Import Bench', role: 'admin' }, null);
  const ctx = { ...deps, actor: { userId: admin.id, role: 'admin' as const, teamId: null, canWrite: true } };
  const start = performance.now();
  const cpuBefore = process.cpuUsage();
  const job = await startImport(ctx, { filePath: path, options: { batchSize: 5_000 } });
  let shown = 0;
  const memory = { anon: 0, file: 0 };
  const done = await runImportJob(deps, job.id, {
    onProgress: (p) => {
      const now = residentSplit();
      memory.anon = Math.max(memory.anon, now.anon);
      memory.file = Math.max(memory.file, now.file);
      if (p.rows - shown >= 100_000) log(`imported ${fmt((shown = p.rows))} rows, ${fmt(p.rate)} rows/s, RSS anonymous ${fmt(now.anon)} MB + file-backed ${fmt(now.file)} MB`);
    },
  });
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { done, seconds, ctx, cpuSeconds: (cpu.user + cpu.system) / 1e6, memory };
}

/** Resident memory in MB, split into the process's own (anonymous) pages and file-backed ones (SQLite's memory map of the database); Linux only. */
function residentSplit(): { anon: number; file: number } {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
    return { anon: kb('RssAnon'), file: kb('RssFile') };
  } catch {
    return { anon: 0, file: 0 };
  }
}

/** Imports a generated customer CSV into SQLite (and PostgreSQL) through the import engine and reports rows/s, RSS and the raw-engine ratio. */
export async function importBench(options: ImportBenchOptions): Promise<void> {
  const { n, benchDir, record, log } = options;
  mkdirSync(benchDir, { recursive: true });
  const csv = join(benchDir, `import-${n}.csv`);
  if (!existsSync(csv)) {
    log(`writing ${fmt(n)} customer rows to ${csv}`);
    const made = await writeCustomerCsv(csv, n);
    log(`  with ${fmt(made.dups)} repeated phones and ${fmt(made.bad)} bad rows`);
  }
  record(info('import: CSV size (MB)', fmt(statSync(csv).size / 2 ** 20)));

  const dataDir = join(benchDir, `import-data-${n}`);
  rmSync(dataDir, { recursive: true, force: true });
  const rssBefore = process.memoryUsage().rss / 2 ** 20;
  const sqlite = await openDeps(readConfig({ KEHU_DATA_DIR: dataDir }));
  const { done, seconds, ctx, cpuSeconds, memory } = await importInto(sqlite.deps, csv, log);
  const rate = n / seconds;
  const peak = process.resourceUsage().maxRSS / 1024;
  const counts = done.counts;
  record(barred('import 1 CSV → SQLite (rows/s), validated, normalised, pinyin, duplicate check', fmt(rate), '≥ 50,000', rate >= 50_000 && done.status === 'done'));
  // The machine is shared: rows per second of this process's own CPU time says what the code costs.
  record(info('import → SQLite per CPU-second of the importing process (rows/s)', `${fmt(n / cpuSeconds)} (load average ${loadavg()[0]?.toFixed(1)})`));
  record(info('import: created / skipped (duplicates) / invalid', `${fmt(counts.created)} / ${fmt(counts.skipped)} / ${fmt(counts.invalid)}`));
  record(barred('import: peak RSS of the process (MB)', `${fmt(peak)} (${fmt(rssBefore)} before the import)`, '< 500', peak < 500));
  record(info('import: peak RSS split (MB)', `anonymous ${fmt(memory.anon)}, file-backed (SQLite memory map of the database file) ${fmt(memory.file)}`));
  const sample = await sqlite.deps.db.selectFrom('customers').select('name').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const found = sample ? await search(ctx, { q: sample.name, limit: 5 }) : { items: [] };
  record(barred('import: searchable when done (last row found by name)', found.items.length > 0 ? 'yes' : 'no', 'yes', found.items.length > 0));
  await sqlite.database.close();
  const raw = await rawEngine(csv, benchDir);
  record(info('import: raw engine, parse + plain insert (rows/s)', `${fmt(raw)} (import = ${fmt((rate / raw) * 100)} % of it)`));

  const pgRows = options.pgRows ?? Math.min(n, 200_000);
  if (pgRows > 0) await postgresRun(benchDir, pgRows, record, log);
}

async function postgresRun(benchDir: string, rows: number, record: (row: Measure) => void, log: (line: string) => void) {
  const admin = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = 'kehu_bench_import';
  const query = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  try {
    await query(`drop database if exists ${name} with (force)`);
    await query(`create database ${name}`);
  } catch (error) {
    record(info('import → PostgreSQL', `skipped: ${(error as Error).message}`));
    return;
  }
  const csv = join(benchDir, `import-${rows}.csv`);
  if (!existsSync(csv)) await writeCustomerCsv(csv, rows);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const opened = await openDeps(readConfig({ DATABASE_URL: url.toString(), KEHU_DATA_DIR: join(benchDir, 'import-pg') }));
  try {
    log(`importing ${fmt(rows)} rows into PostgreSQL`);
    const { seconds, done, cpuSeconds } = await importInto(opened.deps, csv, log);
    record(info(`import ${fmt(rows)} CSV rows → PostgreSQL (rows/s)`, `${fmt(rows / seconds)} (${done.status}; ${fmt(rows / cpuSeconds)} per CPU-second of kehu's process)`));
  } finally {
    await opened.database.close();
    await query(`drop database if exists ${name} with (force)`).catch(() => undefined);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { n: { type: 'string' }, pg: { type: 'string' } } });
  const n = Number(values.n ?? 1_000_000);
  const rows: Measure[] = [];
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  await importBench({
    n,
    benchDir: resolve('.bench'),
    record: (row) => {
      rows.push(row);
      log(`${row.measure}: ${row.value}`);
    },
    log,
    ...(values.pg === undefined ? {} : { pgRows: Number(values.pg) }),
  });
  console.log(`\nkehu import bench, N = ${fmt(n)}\n`);
  console.log(renderTable(rows));
}
