import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Ctx } from '../../src/core/context.ts';
import { decrypt, keyIdOf } from '../../src/core/crypto/cipher.ts';
import { KEYRING_FILE, loadKeyring } from '../../src/core/crypto/load-keyring.ts';
import { createCustomField } from '../../src/core/custom-fields/create-custom-field.ts';
import { createCustomer } from '../../src/core/customers/create-customer.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { runKehu } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';

forEachDialect('kehu keys rotate', (db) => {
  let keyDir: string;
  let env: NodeJS.ProcessEnv;
  const rows = () => db().db.selectFrom('customers').select(['id', 'id_number_enc', 'id_number_bidx', 'bank_account_enc']).orderBy('id').execute();
  beforeAll(async () => {
    // The key file lives in the data dir; on PostgreSQL that is a directory of its own.
    keyDir = db().dataDir || mkdtempSync(join(tmpdir(), 'kehu-keys-'));
    env = { ...(db().url ? { DATABASE_URL: db().url } : {}), KEHU_DATA_DIR: keyDir };
    const crypto = loadKeyring({ secretKey: undefined, dataDir: keyDir });
    const deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto };
    const user = await createUser(deps, { email: 'keys@example.com', name: 'Admin', role: 'admin' }, null);
    const ctx: Ctx = { ...deps, actor: { userId: user.id, role: 'admin', teamId: null, canWrite: true } };
    for (let i = 0; i < 5; i++) await createCustomer(ctx, { kind: 'person', name: `客户${i}`, idNumber: `E1234567${i}`, bankAccount: `62220202001122${i}` });
    await createCustomField(ctx, { entity: 'customer', key: 'passport', label: 'Passport', type: 'text', sensitive: true });
    await createCustomer(ctx, { kind: 'person', name: '护照客户', custom: { passport: 'G87654321' } });
  });
  const sealedPassport = async () => {
    const row = await db().db.selectFrom('customers').select('custom').where('name', '=', '护照客户').executeTakeFirstOrThrow();
    return (db().dialect.parseJson<{ passport: { $sealed: string } }>(row.custom)).passport.$sealed;
  };
  afterAll(() => {
    if (!db().dataDir) rmSync(keyDir, { recursive: true, force: true });
  });

  it('creates the key file on first start, readable by its owner only', () => {
    expect(statSync(join(keyDir, KEYRING_FILE)).mode & 0o777).toBe(0o600);
  });

  it('re-encrypts every value under a new key and keeps them readable', async () => {
    const before = await rows();
    const sealedBefore = await sealedPassport();
    const run = await runKehu(['keys', 'rotate', '--json'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.reencrypted).toBe(6);
    const after = (await rows()).slice(0, 5);
    const keyring = loadKeyring({ secretKey: undefined, dataDir: keyDir });
    const sealedAfter = await sealedPassport();
    expect(sealedAfter).not.toBe(sealedBefore);
    expect(keyIdOf(sealedAfter)).toBe(report.keyId);
    expect(decrypt(keyring, sealedAfter)).toBe('G87654321');
    expect(keyring.current.id).toBe(report.keyId);
    after.forEach((row, i) => {
      expect(row.id_number_enc).not.toBe(before[i]!.id_number_enc);
      expect(keyIdOf(row.id_number_enc!)).toBe(report.keyId);
      expect(keyIdOf(row.bank_account_enc!)).toBe(report.keyId);
      expect(decrypt(keyring, row.id_number_enc!)).toBe(`E1234567${i}`);
      expect(decrypt(keyring, row.bank_account_enc!)).toBe(`62220202001122${i}`);
      expect(row.id_number_bidx).toBe(before[i]!.id_number_bidx);
    });
    const stored = JSON.parse(readFileSync(join(keyDir, KEYRING_FILE), 'utf8'));
    expect(stored).toHaveLength(2);
    expect(stored[0].retiredAt).toEqual(expect.any(String));
    expect(statSync(join(keyDir, KEYRING_FILE)).mode & 0o777).toBe(0o600);
  });

  it('refuses to start with a key that cannot decrypt the stored data', async () => {
    const run = await runKehu(['audit', 'verify'], { ...env, KEHU_SECRET_KEY: Buffer.alloc(32, 9).toString('base64') });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/encryption key does not match the data/);
  });

  it('rejects a malformed KEHU_SECRET_KEY with a clear message', async () => {
    const run = await runKehu(['audit', 'verify'], { ...env, KEHU_SECRET_KEY: 'too-short' });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/KEHU_SECRET_KEY must be 32 random bytes/);
  });

  it('refuses to rotate when the key comes from KEHU_SECRET_KEY', async () => {
    const run = await runKehu(['keys', 'rotate'], { ...env, KEHU_SECRET_KEY: Buffer.alloc(32, 9).toString('base64') });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/keys rotate works on the key file/);
  });
});
