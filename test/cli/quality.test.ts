import { beforeAll, expect, it } from 'vitest';
import type { Ctx } from '../../src/core/context.ts';
import { createCustomer } from '../../src/core/customers/create-customer.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { cliEnv, runKehu } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

forEachDialect('kehu quality', (db) => {
  const kehu = (argv: string[]) => runKehu(argv, cliEnv(db()));
  let ids: { bare: number; pool: number };

  beforeAll(async () => {
    const deps = { db: db().db, dialect: db().dialect, clock: new FakeClock('2020-01-01T00:00:00.000Z'), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    const user = await createUser(deps, { email: `cli-quality-${db().name}@example.com`, name: 'Admin', role: 'admin' }, null);
    const ctx: Ctx = { ...deps, actor: { userId: user.id, role: 'admin', teamId: null, canWrite: true } };
    const bare = await createCustomer(ctx, { kind: 'company', name: '空白客户' });
    const pool = await createCustomer(ctx, { kind: 'company', name: '公海客户', city: '上海', industry: '制造', phones: [{ value: '13800000003' }], ownerId: null });
    ids = { bare: bare.id, pool: pool.id };
  });

  it('prints a table of checks with counts and examples', async () => {
    const run = await kehu(['quality']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Data quality of 2 customers (stale: no interaction for 180 days)');
    const row = (label: string) => lines.find((l) => l.startsWith(label)) ?? '';
    expect(row('no phone and no e-mail')).toMatch(/^no phone and no e-mail\s+1\s+#\d+ 空白客户$/);
    expect(row('no owner')).toContain(`#${ids.pool} 公海客户`);
    // created in 2020 with no interaction since: both are stale today
    expect(row('stale')).toMatch(/\s2\s/);
  });

  it('prints JSON with --json and honours --stale-days', async () => {
    const run = await kehu(['quality', '--json', '--stale-days', '3650']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.staleDays).toBe(3650);
    const stale = report.checks.find((c: { key: string }) => c.key === 'stale');
    expect(stale.count).toBe(0);
    const bare = report.checks.find((c: { key: string }) => c.key === 'no_phone_or_email');
    expect(bare.sample).toEqual([{ id: ids.bare, name: '空白客户', link: `/api/v1/customers/${ids.bare}` }]);
  });

  it('refuses a bad --stale-days with a usage error naming it', async () => {
    const run = await kehu(['quality', '--stale-days', 'soon']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--stale-days');
  });
});
