import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/core/context.ts';
import { createCustomer } from '../../src/core/customers/create-customer.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { cliEnv, runKehu } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

describe('kehu dedupe [sqlite]', () => {
  let db: TestDatabase & { drop(): Promise<void> };
  const kehu = (argv: string[]) => runKehu(argv, cliEnv(db));
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    const deps = { db: db.db, dialect: db.dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    const user = await createUser(deps, { email: 'cli-dedupe@example.com', name: 'Admin', role: 'admin' }, null);
    const ctx: Ctx = { ...deps, actor: { userId: user.id, role: 'admin', teamId: null, canWrite: true } };
    await createCustomer(ctx, { kind: 'person', name: '张伟', phones: [{ value: '+86 138 1234 5678' }] });
    await createCustomer(ctx, { kind: 'person', name: 'Zhang Wei', phones: [{ value: '13812345678' }] });
    await createCustomer(ctx, { kind: 'person', name: '王芳', phones: [{ value: '13900001111' }] });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('scans and prints the pairs with their reasons', async () => {
    const run = await kehu(['dedupe']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Scanned 3 customers');
    expect(run.stdout).toContain('1 likely duplicate pairs in 1 groups');
    expect(run.stdout).toContain('张伟');
    expect(run.stdout).toContain('same phone +8613812345678; name 张伟 ≈ Zhang Wei (pinyin)');
  });

  it('--json prints one document on stdout, progress on stderr', async () => {
    const run = await kehu(['dedupe', '--json', '--min-score', '0.8']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ entity: 'customers', pairs: 1, clusters: 1, records: 3 });
    expect(result.top[0].reasons).toContain('same phone +8613812345678');
    expect(run.stderr).toContain('reading');
  });

  it('refuses bad options, naming them', async () => {
    for (const [argv, option] of [[['dedupe', '--min-score', '2'], '--min-score'], [['dedupe', '--entity', 'deals'], '--entity']] as const) {
      const run = await kehu([...argv]);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain(option);
    }
  });
});
