import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBackup, type BackupInfo } from '../../src/core/backup/create-backup.ts';
import { verifyBackup } from '../../src/core/backup/verify-backup.ts';
import type { Ctx, Deps } from '../../src/core/context.ts';
import { createCustomer } from '../../src/core/customers/create-customer.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

// The weekly restore test of the newest backup and an admin's "Test restore" of the same file can
// run at once in one server (the schedule does not wait for the page's jobs). Each must test the
// backup, not a scratch copy the other is writing or removing.

forEachDialect('two restore tests of one backup at once', (db) => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-verify-twice-'));
  let info: BackupInfo;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    const deps: Deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    const admin = await createUser(deps, { email: 'twice@example.com', name: 'Twice', role: 'admin' }, null);
    const ctx: Ctx = { ...deps, actor: { userId: admin.id, role: 'admin', teamId: null, canWrite: true } };
    for (let i = 0; i < 200; i++) await createCustomer(ctx, { kind: 'person', name: `客户 ${i}`, phones: [{ value: `1380013${String(i).padStart(4, '0')}` }] });
    info = await createBackup(db(), new Date(), { dir, trigger: 'manual', secret: null });
  }, 120_000);

  it('both pass, and no scratch file is left beside the backup', async () => {
    const verify = () => verifyBackup({ database: db(), crypto: testKeyring, now: new Date() }, info.path, null);
    const reports = await Promise.all([verify(), verify(), verify()]);
    for (const report of reports) expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(readdirSync(dir)).toEqual([info.name]);
  }, 120_000);
});
