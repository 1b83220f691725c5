import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { backupBeforeMigration } from '../../src/core/backup/backup-before-migration.ts';
import { updateBackupSettings } from '../../src/core/backup/backup-settings.ts';
import { createBackup } from '../../src/core/backup/create-backup.ts';
import { listBackups } from '../../src/core/backup/list-backups.ts';
import { restoreBackup } from '../../src/core/backup/restore-backup.ts';
import type { Ctx, Deps } from '../../src/core/context.ts';
import { createCustomer } from '../../src/core/customers/create-customer.ts';
import { appliedNames, migrate, migrateDown } from '../../src/core/db/migrate.ts';
import { migrations } from '../../src/core/db/migrations/index.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { allRows, differences } from '../support/all-rows.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

// Restoring an older backup runs this kehu's newer migrations on it. One of them can fail on the
// backup's data (a column already there, a unique index its rows break): the restore must then be
// refused with the database as it was — not left holding the backup at its old schema under new code.

const ERROR_CODES = '2026-12-07T0510-backup-run-error-codes';

forEachDialect('restoring an older backup whose forward migration fails', (db) => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-restore-upgrade-'));
  let ctx: Ctx;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    const deps: Deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    const admin = await createUser(deps, { email: 'upgrade@example.com', name: 'Upgrade', role: 'admin' }, null);
    ctx = { ...deps, actor: { userId: admin.id, role: 'admin', teamId: null, canWrite: true } };
    await createCustomer(ctx, { kind: 'person', name: '备份前的客户' });
  }, 60_000);

  it('is refused, naming the migration, and the live database keeps everything it held', async () => {
    const raw = db().db as unknown as Kysely<unknown>;
    // The database as an older kehu left it, with a column of the same name added by hand since.
    while ((await appliedNames(raw)).has(ERROR_CODES)) await migrateDown(db());
    await sql`alter table backup_runs add column error_code text`.execute(raw);
    const old = await createBackup(db(), new Date(), { dir, trigger: 'manual', secret: null });
    expect(old.manifest.migrations.map((m) => m.name)).not.toContain(ERROR_CODES);
    // This kehu's database, which goes on being used after the backup.
    await sql`alter table backup_runs drop column error_code`.execute(raw);
    expect((await migrate(db())).applied).toContain(ERROR_CODES);
    await createCustomer(ctx, { kind: 'person', name: '备份后的客户' });

    const before = await allRows(db());
    const attempt = restoreBackup({ database: db(), crypto: testKeyring, now: new Date() }, old.path, { secret: null, force: true, dir, safetySecret: null });
    await expect(attempt).rejects.toThrow(/error_code/);
    expect(differences(before, await allRows(db()))).toEqual([]);
    expect((await appliedNames(raw)).size).toBe(migrations.length);
    const names = (await db().db.selectFrom('customers').select('name').execute()).map((c) => c.name);
    expect(names).toContain('备份后的客户');
    if (db().name === 'sqlite') {
      // found on the unpacked copy, before anything changed: no safety backup was needed
      await expect(restoreBackup({ database: db(), crypto: testKeyring, now: new Date() }, old.path, { secret: null, force: true, dir, safetySecret: null })).rejects.toMatchObject({
        messageCode: 'backup.restore_migrate_failed',
        params: { file: old.name, migration: ERROR_CODES },
      });
      expect(listBackups(dir).map((b) => b.name)).toEqual([old.name]);
    }
  }, 120_000);
});

forEachDialect('the backup before an upgrade', (db) => {
  const work = mkdtempSync(join(tmpdir(), 'kehu-pre-migration-dir-'));
  const defaultDir = join(work, 'default');
  const chosen = join(work, 'chosen');
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const deps = () => ({ db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring });
  const harmless = ['zz-harmless-dir', { async up(d: Kysely<unknown>) { await d.schema.createTable('extra_dir').addColumn('id', 'integer').execute(); }, async down() {} }] as const;
  const undoHarmless = async () => {
    await sql`drop table if exists extra_dir`.execute(db().db);
    await sql`delete from kehu_migrations where name = 'zz-harmless-dir'`.execute(db().db);
  };
  const upgrade = () => migrate(db(), { migrations: [...migrations, harmless], backup: backupBeforeMigration(db(), testKeyring, { dir: defaultDir, secret: null, metricsToken: undefined }, () => new Date()) });

  it('goes where backups go: the folder chosen on the admin page, where the page lists it and `backup restore NAME` finds it', async () => {
    mkdirSync(chosen);
    await updateBackupSettings({ ...deps(), actor: null }, { directory: chosen });
    try {
      const report = await upgrade();
      expect(report.applied).toEqual(['zz-harmless-dir']);
      expect(report.backup).toMatch(new RegExp(`^${chosen}/kehu-\\d{8}-\\d{6}-pre-migration\\.kehubackup$`));
      expect(listBackups(chosen).map((b) => b.manifest?.trigger)).toEqual(['pre-migration']);
      expect(listBackups(defaultDir)).toEqual([]);
    } finally {
      await undoHarmless();
    }
  }, 120_000);

  it('when that folder is not there (its disk not mounted), into the default folder rather than not upgrading', async () => {
    rmSync(chosen, { recursive: true, force: true });
    try {
      const report = await upgrade();
      expect(report.backup).toMatch(new RegExp(`^${defaultDir}/kehu-\\d{8}-\\d{6}-pre-migration\\.kehubackup$`));
      expect(listBackups(defaultDir).map((b) => b.path)).toContain(report.backup);
      // and no folder made where the chosen one was
      expect(existsSync(chosen)).toBe(false);
    } finally {
      await undoHarmless();
      await updateBackupSettings({ ...deps(), actor: null }, { directory: null });
    }
  }, 120_000);
});
