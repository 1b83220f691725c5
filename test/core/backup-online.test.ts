import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/core/audit/verify-audit.ts';
import { createBackup } from '../../src/core/backup/create-backup.ts';
import { listBackups } from '../../src/core/backup/list-backups.ts';
import { restoreBackup } from '../../src/core/backup/restore-backup.ts';
import type { Ctx } from '../../src/core/context.ts';
import { createCustomer } from '../../src/core/customers/create-customer.ts';
import { SQLITE_FILE } from '../../src/core/db/create-db.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { runKehu } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { createTestDatabase, forEachDialect } from '../support/databases.ts';
import { TEST_SECRET_KEY, testKeyring } from '../support/keyring.ts';

const WRITERS = 50;

forEachDialect('a backup taken while 50 clients write', (db) => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-online-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('restores to a consistent state: every customer whole, with its phone and its audit entry, and the chain intact', async () => {
    const deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    const admin = await createUser(deps, { email: 'online@example.com', name: 'Online', role: 'admin' }, null);
    const ctx: Ctx = { ...deps, actor: { userId: admin.id, role: 'admin', teamId: null, canWrite: true } };
    let writing = true;
    let written = 0;
    const writer = async (w: number) => {
      for (let i = 0; writing; i++) {
        await createCustomer(ctx, { kind: 'person', name: `writer ${w}-${i}`, phones: [{ value: `138${String(w).padStart(2, '0')}${String(i).padStart(6, '0')}` }] });
        written += 1;
        // A client's next request comes over the network: it gives other work a turn.
        await new Promise((r) => setImmediate(r));
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
    while (written < 200) await new Promise((r) => setTimeout(r, 20));
    const info = await createBackup(db(), new Date(), { dir, trigger: 'manual', secret: null, pagesPerStep: 8 });
    while (written < info.manifest.digests.customers!.rows + 200) await new Promise((r) => setTimeout(r, 20));
    writing = false;
    await Promise.all(writers);

    const inBackup = info.manifest.digests.customers!.rows;
    expect(inBackup).toBeGreaterThan(0);
    expect(inBackup).toBeLessThan(written);
    const report = await restoreBackup({ database: db(), crypto: testKeyring, now: new Date() }, info.path, { secret: null, force: true, dir, safetySecret: null });
    expect(report.rows.customers).toBe(inBackup);

    const customers = await db().db.selectFrom('customers').select('id').execute();
    expect(customers).toHaveLength(inBackup);
    const { rows: orphans } = await sql<{ id: number }>`
      select c.id from customers c
       where (select count(*) from contact_points p where p.customer_id = c.id) <> 1
          or (select count(*) from audit_log a where a.entity = 'customer' and a.entity_id = c.id and a.action = 'create') <> 1`.execute(db().db);
    expect(orphans).toEqual([]);
    const points = await db().db.selectFrom('contact_points').select('id').where('customer_id', 'not in', customers.map((c) => c.id)).execute();
    expect(points).toEqual([]);
    expect(await verifyAudit(db())).toEqual({ ok: true, entries: info.manifest.audit.entries });
  }, 120_000);
});

describe('kill -9 during a backup [sqlite]', () => {
  it('leaves no backup listed and no half file under a backup name; the next backup cleans up and succeeds', async () => {
    const db = await createTestDatabase('sqlite');
    const dir = mkdtempSync(join(tmpdir(), 'kehu-killed-'));
    try {
      const file = new BetterSqlite3(join(db.dataDir, SQLITE_FILE));
      file.exec(`with recursive n(i) as (select 1 union all select i + 1 from n where i < 20000)
        insert into customers (kind, name, name_pinyin, name_initials, stage, custom, search_text, notes, created_at, updated_at)
        select 'company', 'c' || i, 'c', 'c', 'lead', '{}', 'c' || i, hex(randomblob(1500)), '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' from n`);
      file.close();
      const env = { ...process.env, KEHU_DATA_DIR: db.dataDir, KEHU_SECRET_KEY: TEST_SECRET_KEY, KEHU_BACKUP_DIR: dir };
      const child = spawn(process.execPath, ['bin/kehu.js', 'backup', 'create'], { env, stdio: 'ignore' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // The page copy is every customer in clear (the backup may be encrypted, the copy is not): only kehu's user may read it.
      const copyModes = new Set<number>();
      for (let i = 0; i < 3000 && !readdirSync(dir).some((f) => f.endsWith(`.kehubackup@${hostname()}.${child.pid}.partial`)); i++) {
        for (const f of readdirSync(dir).filter((name) => name.endsWith(`.sqlite@${hostname()}.${child.pid}.partial`))) {
          const mode = statSync(join(dir, f), { throwIfNoEntry: false })?.mode;
          if (mode !== undefined) copyModes.add(mode & 0o777);
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      child.kill('SIGKILL');
      expect([...copyModes]).toEqual([0o600]);
      await exited;
      const left = readdirSync(dir);
      expect(left.length).toBeGreaterThan(0);
      expect(left.filter((f) => !/^\..*\.partial(-wal|-shm)?$/.test(f)), left.join(', ')).toEqual([]);
      expect(listBackups(dir)).toEqual([]);
      expect((await runKehu(['backup', 'list'], env)).stdout).toContain('no backups');

      const next = await runKehu(['backup', 'create', '--json'], env);
      expect(next.code).toBe(0);
      const name = JSON.parse(next.stdout).name;
      expect(readdirSync(dir)).toEqual([name]);
      expect((await runKehu(['backup', 'verify', name], env)).code).toBe(0);
    } finally {
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
