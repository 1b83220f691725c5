import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { readConfig } from '../src/core/config.ts';
import type { Ctx, Deps } from '../src/core/context.ts';
import { bulkInsertCustomers } from '../src/core/customers/bulk-insert-customers.ts';
import { scanDuplicates } from '../src/core/dedupe/scan-duplicates.ts';
import { openDeps } from '../src/core/open-deps.ts';
import { createUser } from '../src/core/users/create-user.ts';
import { DEFAULT_MIN_SCORE } from '../src/domain/duplicate.ts';
import { duplicateSet, febrlCustomers, quality, type LabelledCustomer, type Quality } from './dedupe-data.ts';
import { barred, fmt, info, renderTable, type Measure } from './table.ts';

const FEBRL_DIR = process.env.KEHU_FEBRL_DIR ?? resolve(import.meta.dirname, '../test/fixtures/febrl');
const FEBRL_FILES = ['febrl_dataset1.csv', 'febrl_dataset2.csv', 'febrl_dataset3.csv'];
const TRUTH_PREFIX = 'truth:';

interface BenchIo {
  record: (row: Measure) => void;
  log: (line: string) => void;
}

const seconds = (start: number) => (performance.now() - start) / 1000;
const rssMb = () => process.resourceUsage().maxRSS / 1024;

/** Inserts labelled customers (the entity id travels in `source`, which the scan never reads). */
export async function load(ctx: Ctx, rows: Iterable<LabelledCustomer>): Promise<void> {
  const inputs = (function* () {
    for (const row of rows) yield { ...row.input, source: `${TRUTH_PREFIX}${row.group}` };
  })();
  const result = await bulkInsertCustomers(ctx, inputs, { chunkSize: 10_000 });
  if (result.invalid > 0) throw new Error(`${result.invalid} generated rows were rejected, e.g. ${JSON.stringify(result.errors[0])}`);
}

/** Record id → entity, and the open pairs the scan stored. */
export async function measure(deps: Deps): Promise<Quality> {
  const groupOf = new Map<number, number>();
  for (let after = 0; ; ) {
    const rows = await deps.db.selectFrom('customers').select(['id', 'source']).where('id', '>', after).orderBy('id').limit(50_000).execute();
    if (rows.length === 0) break;
    for (const row of rows) groupOf.set(Number(row.id), Number(row.source?.slice(TRUTH_PREFIX.length)));
    after = Number(rows[rows.length - 1]!.id);
  }
  const pairs = await deps.db.selectFrom('duplicate_pairs').select(['a_id as a', 'b_id as b']).where('entity', '=', 'customers').where('status', '=', 'open').execute();
  return quality(groupOf, pairs.map((p) => ({ a: Number(p.a), b: Number(p.b) })));
}

async function withDatabase<T>(dataDir: string, fresh: boolean, work: (ctx: Ctx, isNew: boolean) => Promise<T>): Promise<T> {
  if (fresh) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const { deps, database } = await openDeps(readConfig({ KEHU_DATA_DIR: dataDir }));
  try {
    const email = 'dedupe-bench@example.com';
    const existing = await deps.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    const adminId = existing?.id ?? (await createUser(deps, { email, name: 'Bench Admin', role: 'admin' }, null)).id;
    return await work({ ...deps, actor: { userId: adminId, role: 'admin', teamId: null, canWrite: true } }, existing === undefined);
  } finally {
    await database.close();
  }
}

const ratio = (q: Quality) => `precision ${fmt(q.precision, 3)}, recall ${fmt(q.recall, 3)} (${fmt(q.correct)} of ${fmt(q.foundPairs)} found pairs right, ${fmt(q.truePairs)} true pairs)`;

/** e. The duplicate scan over `n` generated customers with known duplicates, and over FEBRL. */
export async function dedupeBench(options: { n: number; reuse?: boolean; benchDir: string }, io: BenchIo): Promise<void> {
  const dataDir = join(options.benchDir, `dedupe-${options.n}`);
  await withDatabase(dataDir, !options.reuse, async (ctx, isNew) => {
    if (isNew) {
      const start = performance.now();
      await load(ctx, duplicateSet(options.n, { seed: 11 }));
      io.record(info('dedupe: generate + insert customers with known duplicates (s)', fmt(seconds(start), 1)));
    } else io.log(`reusing the customers in ${dataDir}`);
    let shown = '';
    let heapPeak = 0;
    const rssBefore = rssMb();
    const loadAverage = os.loadavg()[0]!;
    const cpuBefore = process.cpuUsage();
    const result = await scanDuplicates(ctx, {
      entity: 'customers',
      onProgress: (p) => {
        heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed / 2 ** 20);
        if (p.phase !== shown) io.log(`dedupe: ${(shown = p.phase)} (${fmt(p.done)})`);
      },
    });
    const cpu = process.cpuUsage(cpuBefore);
    const q = await measure(ctx);
    io.record(barred(`dedupe: scan ${fmt(result.records)} customers (s)`, `${fmt(result.tookMs / 1000, 1)} (${fmt(result.pairs)} pairs, ${fmt(result.clusters)} clusters)`, '< 60 s for 1M', result.records < 1_000_000 || result.tookMs < 60_000));
    io.record(info('dedupe: CPU time of the scan (s, one core; wall time above is longer on a busy machine)', fmt((cpu.user + cpu.system) / 1e6, 1)));
    io.record(info('dedupe: load average when the scan started', fmt(loadAverage, 1)));
    io.record(info('dedupe: peak JS heap during the scan (MB)', fmt(heapPeak)));
    io.record(info('dedupe: peak RSS of the process (MB)', `${fmt(rssMb())} (${fmt(rssBefore)} before the scan; includes the SQLite file mapped into memory)`));
    io.record(barred(`dedupe: precision at score ≥ ${DEFAULT_MIN_SCORE}`, fmt(q.precision, 3), '≥ 0.95', q.precision >= 0.95));
    io.record(barred(`dedupe: recall at score ≥ ${DEFAULT_MIN_SCORE}`, `${fmt(q.recall, 3)} (${fmt(q.correct)} of ${fmt(q.truePairs)} true pairs)`, '≥ 0.90', q.recall >= 0.9));
  });
  for (const file of FEBRL_FILES) {
    const dir = join(os.tmpdir(), `kehu-febrl-${process.pid}-${file}`);
    try {
      const q = await withDatabase(dir, true, async (ctx) => {
        const rows = febrlCustomers(join(FEBRL_DIR, file));
        await load(ctx, rows);
        await scanDuplicates(ctx, { entity: 'customers' });
        return measure(ctx);
      });
      io.record(barred(`dedupe: FEBRL ${file.replace('.csv', '')}, no social-security numbers`, ratio(q), 'precision ≥ 0.99, recall ≥ 0.97', q.precision >= 0.99 && q.recall >= 0.97));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values: args } = parseArgs({ options: { n: { type: 'string' }, quick: { type: 'boolean', default: false }, reuse: { type: 'boolean', default: false } } });
  const n = Number(args.n ?? (args.quick ? 50_000 : 1_000_000));
  const rows: Measure[] = [];
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  await dedupeBench({ n, reuse: args.reuse, benchDir: resolve('.bench') }, { record: (row) => (rows.push(row), log(`${row.measure}: ${row.value}`)), log });
  console.log(`\nkehu duplicate scan bench, N = ${fmt(n)}\n`);
  console.log(renderTable(rows));
}
