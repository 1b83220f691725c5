// One step of the backup bench in its own process, so its peak memory is its own:
//   node --import tsx bench/backup-step.ts '<json>'  →  one JSON line on stdout.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { exportArchive } from '../src/core/archive/export-archive.ts';
import { importArchive } from '../src/core/archive/import-archive.ts';
import { createBackup } from '../src/core/backup/create-backup.ts';
import { restoreBackup } from '../src/core/backup/restore-backup.ts';
import { verifyBackup } from '../src/core/backup/verify-backup.ts';
import { readConfig } from '../src/core/config.ts';
import type { Ctx, Deps } from '../src/core/context.ts';
import { bulkInsertCustomers } from '../src/core/customers/bulk-insert-customers.ts';
import { databaseHealth } from '../src/core/health/database-health.ts';
import { createInteraction } from '../src/core/interactions/create-interaction.ts';
import { openDatabase } from '../src/core/db/create-db.ts';
import { migrate } from '../src/core/db/migrate.ts';
import { openDeps } from '../src/core/open-deps.ts';
import { createUser } from '../src/core/users/create-user.ts';
import { generateCustomers } from './generate.ts';

export type Step =
  | { step: 'build'; dataDir: string; n: number }
  | { step: 'migrate'; dataDir: string }
  | { step: 'backup'; dataDir?: string; databaseUrl?: string; dir: string; writer: boolean }
  | { step: 'verify'; dataDir?: string; databaseUrl?: string; file: string }
  | { step: 'restore'; dataDir?: string; databaseUrl?: string; file: string; dir: string }
  | { step: 'export'; dataDir?: string; databaseUrl?: string; file: string }
  | { step: 'import'; dataDir?: string; databaseUrl?: string; file: string }
  | { step: 'health'; dataDir?: string; databaseUrl?: string };

const seconds = (start: number) => (performance.now() - start) / 1000;
const peakMb = () => process.resourceUsage().maxRSS / 1024;
const open = (s: { dataDir?: string; databaseUrl?: string }) =>
  openDeps(readConfig({ KEHU_DATA_DIR: s.dataDir ?? '/tmp/kehu-bench-unused', ...(s.databaseUrl ? { DATABASE_URL: s.databaseUrl } : {}) }));
async function withDatabase<T>(s: { dataDir?: string; databaseUrl?: string }, work: (opened: Awaited<ReturnType<typeof open>>) => Promise<T>): Promise<T> {
  const opened = await open(s);
  try {
    return await work(opened);
  } finally {
    await opened.database.close();
  }
}
const customerCount = async (deps: Deps) => Number((await deps.db.selectFrom('customers').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const adminCtx = async (deps: Deps): Promise<Ctx> => {
  const admin = await deps.db.selectFrom('users').select('id').where('role', '=', 'admin').orderBy('id').executeTakeFirstOrThrow();
  return { ...deps, actor: { userId: admin.id, role: 'admin', teamId: null, canWrite: true } };
};

/** n customers through the import's bulk path, then one contact and three orders each, set-based. */
async function build(s: Extract<Step, { step: 'build' }>) {
  const started = performance.now();
  rmSync(s.dataDir, { recursive: true, force: true });
  mkdirSync(s.dataDir, { recursive: true });
  const { deps, database } = await open(s);
  try {
    const admin = await createUser(deps, { email: 'bench@example.com', name: 'Bench Admin', role: 'admin' }, null);
    await bulkInsertCustomers({ ...deps, actor: { userId: admin.id, role: 'admin', teamId: null, canWrite: true } }, generateCustomers(s.n));
    await sql`insert into contacts (customer_id, name, name_pinyin, name_initials, title, custom, search_text, version, created_at, updated_at, created_by, updated_by)
      select id, 'Contact ' || id, 'contact' || id, 'c', 'Buyer', '{}', 'contact ' || id, 1, created_at, created_at, ${admin.id}, ${admin.id} from customers`.execute(deps.db);
    await sql`insert into orders (customer_id, order_no, ordered_at, status, currency, total, custom, version, created_at, updated_at, created_by, updated_by)
      select c.id, 'SO-' || c.id || '-' || k.i, strftime('%Y-%m-%dT%H:%M:%fZ', '2024-01-01', '+' || ((c.id * 7 + k.i * 131) % 700) || ' days'),
        'completed', 'CNY', ((c.id * 7919 + k.i * 104729) % 100000) + 100, '{}', 1, c.created_at, c.created_at, ${admin.id}, ${admin.id}
      from customers c cross join (select 1 as i union all select 2 union all select 3) k`.execute(deps.db);
    await sql`pragma wal_checkpoint(truncate)`.execute(deps.db);
  } finally {
    await database.close();
  }
  writeFileSync(join(s.dataDir, 'ready'), `${s.n}\n`);
  return { seconds: seconds(started) };
}

/** Kept bench data is disposable: newer migrations apply without a pre-migration backup of gigabytes. */
async function migrateKept(s: Extract<Step, { step: 'migrate' }>) {
  const started = performance.now();
  const database = openDatabase({ url: undefined, dataDir: s.dataDir });
  try {
    const report = await migrate(database);
    return { seconds: seconds(started), applied: report.applied.length };
  } finally {
    await database.close();
  }
}

/**
 * A writer in the backup's own process, as in `kehu serve`: one interaction at a time through the
 * use case, each gap between two finished writes timed (a stall of the event loop counts too).
 */
function startWriter(ctx: Ctx, customers: number) {
  let running = true;
  const gaps: number[] = [];
  const done = (async () => {
    let last = performance.now();
    for (let i = 0; running; i++) {
      await createInteraction(ctx, { customerId: 1 + ((i * 7919) % customers), type: 'note', subject: `bench write ${i}` });
      const now = performance.now();
      gaps.push(now - last);
      last = now;
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      const sorted = [...gaps].sort((a, b) => a - b);
      return { writes: gaps.length, maxMs: sorted.at(-1) ?? 0, p99Ms: sorted[Math.floor(sorted.length * 0.99)] ?? 0, over100: gaps.filter((g) => g > 100).length, load: loadavg()[0] };
    },
  };
}

async function backup(s: Extract<Step, { step: 'backup' }>) {
  return withDatabase(s, async ({ deps, database }) => {
    const ctx = await adminCtx(deps);
    const customers = await customerCount(deps);
    // The same writer for two seconds alone first: the stall it meets without a backup.
    let alone = null;
    if (s.writer) {
      const idle = startWriter(ctx, customers);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      alone = await idle.stop();
    }
    const writer = s.writer ? startWriter(ctx, customers) : null;
    const started = performance.now();
    const info = await createBackup(database, new Date(), { dir: s.dir, trigger: 'manual', secret: null });
    const took = seconds(started);
    const during = writer ? await writer.stop() : null;
    const rows = Object.values(info.manifest.digests).reduce((a, d) => a + d.rows, 0);
    return { seconds: took, file: info.path, bytes: info.bytes, databaseBytes: info.manifest.databaseBytes, rows, peakRssMb: peakMb(), alone, during };
  });
}

async function verify(s: Extract<Step, { step: 'verify' }>) {
  return withDatabase(s, async ({ deps, database }) => {
    // The weekly restore test runs inside `kehu serve`: the same writer beside it.
    const writer = startWriter(await adminCtx(deps), await customerCount(deps));
    const started = performance.now();
    const report = await verifyBackup({ database, crypto: deps.crypto, now: new Date() }, s.file, null);
    const took = seconds(started);
    return { seconds: took, ok: report.ok, failed: report.checks.filter((c) => !c.ok), peakRssMb: peakMb(), during: await writer.stop() };
  });
}

async function restore(s: Extract<Step, { step: 'restore' }>) {
  return withDatabase(s, async ({ deps, database }) => {
    const started = performance.now();
    const report = await restoreBackup({ database, crypto: deps.crypto, now: new Date() }, s.file, { secret: null, force: true, dir: s.dir, safetySecret: null });
    return { seconds: seconds(started), rows: Object.values(report.rows).reduce((a, b) => a + b, 0), peakRssMb: peakMb() };
  });
}

async function archiveExport(s: Extract<Step, { step: 'export' }>) {
  return withDatabase(s, async ({ database }) => {
    const started = performance.now();
    const result = await exportArchive(database, s.file, { now: new Date() });
    return { seconds: seconds(started), rows: Object.values(result.manifest.digests).reduce((a, d) => a + d.rows, 0), bytes: result.bytes, peakRssMb: peakMb() };
  });
}

async function archiveImport(s: Extract<Step, { step: 'import' }>) {
  return withDatabase(s, async ({ deps, database }) => {
    const started = performance.now();
    const report = await importArchive(database, s.file, { now: new Date(), keyring: deps.crypto });
    return { seconds: seconds(started), rows: Object.values(report.rows).reduce((a, b) => a + b, 0), peakRssMb: peakMb() };
  });
}

/** The health page's report (GET /api/v1/health): how long the server is busy with it. */
async function health(s: Extract<Step, { step: 'health' }>) {
  return withDatabase(s, async ({ deps }) => {
    const writer = startWriter(await adminCtx(deps), await customerCount(deps));
    const started = performance.now();
    const report = await databaseHealth(deps);
    const took = seconds(started);
    return { seconds: took, integrityOk: report.integrity.ok, peakRssMb: peakMb(), during: await writer.stop() };
  });
}

const steps = { build, migrate: migrateKept, health, backup, verify, restore, export: archiveExport, import: archiveImport } as const;

if (process.argv[1]?.endsWith('backup-step.ts')) {
  const input = JSON.parse(process.argv[2] ?? '{}') as Step;
  if (!(input.step in steps)) throw new Error(`unknown step ${input.step}`);
  if ('dataDir' in input && input.dataDir && input.step !== 'build' && !existsSync(input.dataDir)) mkdirSync(input.dataDir, { recursive: true });
  const result = await (steps[input.step] as (s: Step) => Promise<unknown>)(input);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
