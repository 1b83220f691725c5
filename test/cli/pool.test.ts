import { beforeAll, expect, it } from 'vitest';
import { systemClock, type Ctx, type Deps } from '../../src/core/context.ts';
import { createCustomer } from '../../src/core/customers/create-customer.ts';
import { updatePoolSettings } from '../../src/core/settings/update-pool-settings.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { cliEnv, runKehu } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

// The CLI runs on the real clock; the customers made here on the fake one are months old by then.

forEachDialect('kehu pool return-stale', (db) => {
  const kehu = (argv: string[]) => runKehu(argv, cliEnv(db()));
  let admin: Ctx;
  let stale: number;
  let fresh: number;
  let repId: number;
  const ownerOf = async (id: number) => (await db().db.selectFrom('customers').select('owner_id').where('id', '=', id).executeTakeFirstOrThrow()).owner_id;

  beforeAll(async () => {
    const deps: Deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    const adminUser = await createUser(deps, { email: 'pool-admin@example.com', name: 'Admin', role: 'admin' }, null);
    const rep = await createUser(deps, { email: 'pool-rep@example.com', name: '王销售', role: 'sales' }, null);
    repId = rep.id;
    admin = { ...deps, actor: { userId: adminUser.id, role: 'admin', teamId: null, canWrite: true } };
    const repCtx: Ctx = { ...deps, actor: { userId: rep.id, role: 'sales', teamId: null, canWrite: true } };
    stale = (await createCustomer(repCtx, { kind: 'company', name: '沉睡公司' })).id;
    fresh = (await createCustomer({ ...repCtx, clock: systemClock }, { kind: 'company', name: '活跃公司' })).id;
  });

  it('lists the command in help', async () => {
    const run = await kehu(['pool', 'return-stale', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--dry-run');
    expect(run.stdout).toContain('--json');
  });

  it('says there is nothing to do while the pool rules never return customers', async () => {
    const run = await kehu(['pool', 'return-stale']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('nothing to do');
    expect(await ownerOf(stale)).toBe(repId);
  });

  it('with --dry-run --json lists the untouched customer and changes nothing', async () => {
    await updatePoolSettings(admin, { returnAfterDays: 30 });
    const run = await kehu(['pool', 'return-stale', '--dry-run', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ returnAfterDays: 30, dryRun: true });
    expect(result.returned).toEqual([{ id: stale, name: '沉睡公司', ownerId: repId, ownerName: '王销售', lastTouchedAt: '2026-01-15T08:00:00.000Z' }]);
    expect(await ownerOf(stale)).toBe(repId);
  });

  it('returns it to the pool, reports it, and leaves the fresh one with its rep', async () => {
    const run = await kehu(['pool', 'return-stale']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('returned 1 customer untouched for 30 days');
    expect(run.stdout).toContain('沉睡公司');
    expect(await ownerOf(stale)).toBeNull();
    expect(await ownerOf(fresh)).toBe(repId);
    const entry = await db().db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity', '=', 'customer').where('entity_id', '=', stale).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry).toEqual({ action: 'release', actor_id: null });
    const again = await kehu(['pool', 'return-stale', '--json']);
    expect(JSON.parse(again.stdout).returned).toEqual([]);
    const verify = await kehu(['audit', 'verify']);
    expect(verify.code).toBe(0);
  });

  it('pool settings shows the rules and changes them, naming the flag of a bad value', async () => {
    const shown = await kehu(['pool', 'settings']);
    expect(shown.stdout).toContain('return untouched customers after: 30 days');
    expect(shown.stdout).toContain('max customers per sales rep: no limit');
    const changed = await kehu(['pool', 'settings', '--max-per-rep', '40', '--return-after-days', 'none', '--json']);
    expect(changed.code, changed.stderr).toBe(0);
    expect(JSON.parse(changed.stdout)).toMatchObject({ maxCustomersPerRep: 40, returnAfterDays: null, updatedBy: null });
    const zero = await kehu(['pool', 'settings', '--return-after-days', '0']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--return-after-days: must be >= 1');
    const word = await kehu(['pool', 'settings', '--max-per-rep', 'lots']);
    expect(word.code).toBe(2);
    expect(word.stderr).toContain('--max-per-rep');
    const entry = await db().db.selectFrom('audit_log').select(['action', 'entity', 'actor_id']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry).toEqual({ action: 'update', entity: 'pool_settings', actor_id: null });
  });
});
