import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Ctx } from '../../src/core/context.ts';
import { KEYRING_FILE, loadKeyring } from '../../src/core/crypto/load-keyring.ts';
import { createCustomField } from '../../src/core/custom-fields/create-custom-field.ts';
import { createCustomer } from '../../src/core/customers/create-customer.ts';
import { setupTotp } from '../../src/core/sessions/setup-totp.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { runKehu } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';

// The start-up key check looks at every kind of encrypted value, not only ID numbers: here the
// only ones are a two-factor secret and a sensitive custom field.

forEachDialect('start-up key check', (db) => {
  let keyDir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    keyDir = db().dataDir || mkdtempSync(join(tmpdir(), 'kehu-keys-'));
    env = { ...(db().url ? { DATABASE_URL: db().url } : {}), KEHU_DATA_DIR: keyDir };
    const crypto = loadKeyring({ secretKey: undefined, dataDir: keyDir });
    const deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto };
    const user = await createUser(deps, { email: 'keys@example.com', name: 'Admin', role: 'admin' }, null);
    const ctx: Ctx = { ...deps, actor: { userId: user.id, role: 'admin', teamId: null, canWrite: true } };
    await setupTotp(ctx);
    await createCustomField(ctx, { entity: 'customer', key: 'contract', label: 'Contract no.', type: 'text', sensitive: true });
    await createCustomer(ctx, { kind: 'company', name: '保密公司', custom: { contract: 'HT-2026-0042' } });
  });
  afterAll(() => {
    if (!db().dataDir) rmSync(keyDir, { recursive: true, force: true });
  });

  it('starts with the right key', async () => {
    const run = await runKehu(['audit', 'verify'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('refuses to start when the key file is gone, and makes no new key', async () => {
    const file = join(keyDir, KEYRING_FILE);
    renameSync(file, `${file}.away`);
    try {
      const run = await runKehu(['audit', 'verify'], env);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/key file .*kehu\.keys\.json is missing.*two-factor secret/);
      expect(existsSync(file)).toBe(false);
    } finally {
      renameSync(`${file}.away`, file);
    }
  });

  it('refuses a wrong key, naming a value it cannot read', async () => {
    const run = await runKehu(['audit', 'verify'], { ...env, KEHU_SECRET_KEY: Buffer.alloc(32, 9).toString('base64') });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/encryption key does not match the data: (user \d+'s two-factor secret|customer \d+'s custom field "contract")/);
  });

  it('checks sealed custom values too, with no other encrypted value left', async () => {
    await db().db.updateTable('users').set({ totp_secret_enc: null }).execute();
    const run = await runKehu(['audit', 'verify'], { ...env, KEHU_SECRET_KEY: Buffer.alloc(32, 9).toString('base64') });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/customer \d+'s custom field "contract" cannot be decrypted/);
  });
});
