import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Ctx, Deps } from '../../src/core/context.ts';
import { createCustomer } from '../../src/core/customers/create-customer.ts';
import { seedDemo } from '../../src/core/seed/seed-demo.ts';
import { allRows, differences } from '../support/all-rows.ts';
import { cliEnv, runKehu } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

/** Rewrites a backup's manifest (its last bytes), as someone editing the file would. */
function editManifest(path: string, edit: (manifest: Record<string, unknown>) => void): void {
  const bytes = readFileSync(path);
  const length = bytes.readUInt32BE(bytes.length - 12);
  const start = bytes.length - 12 - length;
  const manifest = JSON.parse(bytes.subarray(start, bytes.length - 12).toString('utf8'));
  edit(manifest);
  const text = Buffer.from(JSON.stringify(manifest));
  const size = Buffer.alloc(4);
  size.writeUInt32BE(text.length);
  writeFileSync(path, Buffer.concat([bytes.subarray(0, start), text, size, bytes.subarray(bytes.length - 8)]));
}

forEachDialect('kehu backup', (db) => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-backups-'));
  const env = () => ({ ...cliEnv(db()), KEHU_BACKUP_DIR: dir });
  const kehu = (argv: string[], stdin = '') => runKehu(argv, env(), stdin);
  let ctx: Ctx;

  beforeAll(async () => {
    const deps: Deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    await seedDemo(deps, { customers: 12 });
    const admin = await deps.db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow();
    ctx = { ...deps, actor: { userId: admin.id, role: 'admin', teamId: null, canWrite: true } };
    await createCustomer(ctx, { kind: 'person', name: '王芳', idNumber: '110105 1949 1231 002x' });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  let name: string;
  let atBackup: Awaited<ReturnType<typeof allRows>>;

  it('creates one compressed backup with a manifest, lists it, and its restore test passes', async () => {
    atBackup = await allRows(db());
    const created = await kehu(['backup', 'create', '--json']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const info = JSON.parse(created.stdout);
    name = info.name;
    expect(name).toMatch(/^kehu-\d{8}-\d{6}-manual\.kehubackup$/);
    expect(info.manifest).toMatchObject({ format: 'kehu-backup', dialect: db().name, payload: db().name === 'sqlite' ? 'sqlite-file' : 'archive', keyIds: ['env'], encrypted: false });
    expect(info.manifest.digests.customers.rows).toBe(13);
    expect(info.manifest.migrations.length).toBeGreaterThan(10);
    expect(info.manifest.audit.headHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(info.manifest)).not.toContain(testKeyring.current.key.toString('base64'));
    expect(readdirSync(dir).filter((f) => !f.startsWith('.'))).toEqual([name]);

    const listed = await kehu(['backup', 'list']);
    expect(listed.stdout).toContain(`${name}`);
    expect(listed.stdout).toContain('13 customers');

    const verified = await kehu(['backup', 'verify', name, '--json']);
    expect(verified.code).toBe(0);
    const report = JSON.parse(verified.stdout);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c: { check: string }) => c.check).sort()).toEqual(['audit', 'checksums', 'file', 'integrity', 'key', 'rows', 'schema', 'upgrade']);
    const runs = await db().db.selectFrom('backup_runs').select(['kind', 'status', 'file']).orderBy('id').execute();
    expect(runs).toEqual([
      { kind: 'backup', status: 'ok', file: name },
      { kind: 'verify', status: 'ok', file: name },
    ]);
  });

  it('restores only with --force into a used database, after a safety backup, to exactly what was backed up', async () => {
    await createCustomer(ctx, { kind: 'company', name: '备份之后公司' });
    const refused = await kehu(['backup', 'restore', name]);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('add --force');
    const restored = await kehu(['backup', 'restore', name, '--force']);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/what was there before is in .*pre-restore\.kehubackup/);
    const now = await allRows(db());
    // Everything is as it was, but for the record of this restore itself.
    now.delete('backup_runs');
    now.delete('audit_log');
    const then = new Map(atBackup);
    then.delete('backup_runs');
    then.delete('audit_log');
    expect(differences(then, now)).toEqual([]);
    expect((await kehu(['audit', 'verify'])).code).toBe(0);
    const runs = await db().db.selectFrom('backup_runs').select(['kind', 'trigger', 'status']).orderBy('id').execute();
    expect(runs.slice(-2)).toEqual([
      { kind: 'backup', trigger: 'pre-restore', status: 'ok' },
      { kind: 'restore', trigger: 'cli', status: 'ok' },
    ]);
  });

  it('encrypts with a passphrase: no passphrase, a wrong one or an altered byte fail; the right one passes', async () => {
    const created = await kehu(['backup', 'create', '--passphrase-stdin', '--json'], 'correct horse battery staple\n');
    expect(created.code).toBe(0);
    const encrypted = JSON.parse(created.stdout).name as string;
    const none = await kehu(['backup', 'verify', encrypted]);
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('is encrypted');
    expect(none.stderr).toContain('--passphrase-stdin');
    const wrong = await kehu(['backup', 'verify', encrypted, '--passphrase-stdin'], 'wrong horse\n');
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toContain('wrong passphrase or key file');
    const right = await kehu(['backup', 'verify', encrypted, '--passphrase-stdin'], 'correct horse battery staple\n');
    expect(right.code).toBe(0);

    const bytes = readFileSync(join(dir, encrypted));
    bytes[200] = (bytes[200] as number) ^ 0xff;
    writeFileSync(join(dir, encrypted), bytes);
    const altered = await kehu(['backup', 'verify', encrypted, '--passphrase-stdin'], 'correct horse battery staple\n');
    expect(altered.code).toBe(5);
    expect(altered.stdout).toMatch(/FAIL file .*(damaged|altered)/);
  });

  it('refuses a backup from a newer kehu and a damaged one, changing nothing', async () => {
    const created = await kehu(['backup', 'create', '--json']);
    const newer = JSON.parse(created.stdout).name as string;
    editManifest(join(dir, newer), (m) => (m.migrations as unknown[]).push({ name: '2099-01-01T0000-future', appliedAt: '2099-01-01T00:00:00.000Z' }));
    const before = await allRows(db());
    const restore = await kehu(['backup', 'restore', newer, '--force']);
    expect(restore.code).toBe(5);
    expect(restore.stderr).toContain('written by a newer kehu');
    const verify = await kehu(['backup', 'verify', newer]);
    expect(verify.stdout).toMatch(/FAIL schema .*2099-01-01T0000-future/);

    const cut = join(dir, newer.replace('manual', 'schedule'));
    writeFileSync(cut, readFileSync(join(dir, newer)).subarray(0, 100));
    expect((await kehu(['backup', 'restore', cut, '--force'])).stderr).toContain('not a readable kehu backup');
    expect((await kehu(['backup', 'list'])).stdout).toMatch(/schedule\.kehubackup {2}unreadable/);
    const after = await allRows(db());
    after.delete('backup_runs');
    after.delete('audit_log');
    before.delete('backup_runs');
    before.delete('audit_log');
    expect(differences(before, after)).toEqual([]);
  });
});

forEachDialect('kehu doctor', (db) => {
  it('reports size, integrity, rows per table and backups; exit 5 while no backup succeeded, 0 after one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kehu-doctor-'));
    const env = { ...cliEnv(db()), KEHU_BACKUP_DIR: dir };
    try {
      const before = await runKehu(['doctor', '--optimize'], env);
      expect(before.code).toBe(5);
      expect(before.stderr).toContain('no successful backup yet');
      expect(before.stdout).toMatch(/integrity {5}ok/);
      expect(before.stdout).toMatch(/optimize: /);
      expect((await runKehu(['backup', 'create'], env)).code).toBe(0);
      const after = await runKehu(['doctor', '--json'], env);
      expect(after.code).toBe(0);
      const report = JSON.parse(after.stdout);
      expect(report.lastGoodBackup.kind).toBe('backup');
      expect(report.tables.map((t: { name: string }) => t.name)).toContain('customers');
      expect(report.attention).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
