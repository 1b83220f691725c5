import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBackup } from '../../src/core/backup/create-backup.ts';
import { listBackups } from '../../src/core/backup/list-backups.ts';
import { restoreBackup } from '../../src/core/backup/restore-backup.ts';
import { verifyBackup } from '../../src/core/backup/verify-backup.ts';
import type { Ctx } from '../../src/core/context.ts';
import { keyringFromSecret } from '../../src/core/crypto/load-keyring.ts';
import { createCustomer } from '../../src/core/customers/create-customer.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { allRows, differences } from '../support/all-rows.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

// Backups that must not be restored: a damaged file, the wrong passphrase, data under another
// KEHU_SECRET_KEY. Each is refused with a message that says why, and the database is left as it was.

forEachDialect('a bad backup changes nothing', (db) => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-attacks-'));
  const restoreInto = (path: string, options: { secret?: { passphrase: string } | null; crypto?: typeof testKeyring } = {}) =>
    restoreBackup({ database: db(), crypto: options.crypto ?? testKeyring, now: new Date() }, path, { secret: options.secret ?? null, force: true, dir, safetySecret: null });
  const unchangedBy = async (attempt: () => Promise<unknown>, message: RegExp) => {
    const before = await allRows(db());
    await expect(attempt()).rejects.toThrow(message);
    expect(differences(before, await allRows(db()))).toEqual([]);
  };

  beforeAll(async () => {
    const deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    const admin = await createUser(deps, { email: 'attacks@example.com', name: 'Attacks', role: 'admin' }, null);
    const ctx: Ctx = { ...deps, actor: { userId: admin.id, role: 'admin', teamId: null, canWrite: true } };
    await createCustomer(ctx, { kind: 'person', name: '王芳', idNumber: '110105 1949 1231 002x' });
    for (let i = 0; i < 30; i++) await createCustomer(ctx, { kind: 'person', name: `客户 ${i}`, phones: [{ value: `1380013${String(i).padStart(4, '0')}` }] });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a byte changed inside the payload: the restore test fails on the checksum, the restore refuses', async () => {
    const info = await createBackup(db(), new Date(), { dir, trigger: 'manual', secret: null });
    const bytes = readFileSync(info.path);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] as number) ^ 0x5a;
    writeFileSync(info.path, bytes);
    const report = await verifyBackup({ database: db(), crypto: testKeyring, now: new Date() }, info.path, null);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => !c.ok)?.detail).toMatch(/checksum|damaged|cannot be read|incorrect|invalid/i);
    await unchangedBy(() => restoreInto(info.path), /checksum|damaged|cannot be read|incorrect|invalid|does not match/i);
  });

  it('the wrong passphrase: refused before anything is done, not even a safety backup', async () => {
    const info = await createBackup(db(), new Date(), { dir, trigger: 'manual', secret: { passphrase: 'the right passphrase' } });
    const files = listBackups(dir).length;
    await unchangedBy(() => restoreInto(info.path, { secret: { passphrase: 'a wrong passphrase' } }), /wrong passphrase/);
    await unchangedBy(() => restoreInto(info.path), /is encrypted/);
    expect(listBackups(dir)).toHaveLength(files);
  });

  it('data encrypted under another KEHU_SECRET_KEY (the same key id "env"): the restore test fails its key check, the restore refuses', async () => {
    const info = await createBackup(db(), new Date(), { dir, trigger: 'manual', secret: null });
    const otherKey = keyringFromSecret(Buffer.alloc(32, 9));
    const report = await verifyBackup({ database: db(), crypto: otherKey, now: new Date() }, info.path, null);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => !c.ok)?.detail).toMatch(/cannot be decrypted/);
    await unchangedBy(() => restoreInto(info.path, { crypto: otherKey }), /another key.*cannot be decrypted/);
  });
});
