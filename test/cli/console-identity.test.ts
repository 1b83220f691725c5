import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { createUser } from '../../src/core/users/create-user.ts';
import { cliEnv, runKehu } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

const SLOW = 60_000;

forEachDialect('the console acts as one identity', (db) => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-console-'));
  const kehu = (argv: string[]) => runKehu(argv, cliEnv(db()));
  let adminId = 0;
  let repId = 0;
  const entriesAfter = (id: number) => db().db.selectFrom('audit_log').select(['id', 'actor_id', 'origin', 'action', 'entity', 'entity_id']).where('id', '>', id).orderBy('id').execute();
  const lastEntry = async () => Number((await db().db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? 0);

  beforeAll(async () => {
    const deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    // An admin exists: the console used to act as "the first admin"; it must not any more.
    adminId = (await createUser(deps, { email: 'first-admin@console.test', name: 'First Admin', role: 'admin' }, null)).id;
    repId = (await createUser(deps, { email: 'rep@console.test', name: 'Console Rep', role: 'sales' }, null)).id;
  });

  it('an import from the console is the console’s, not the first admin’s: no creator, new customers in the pool', { timeout: SLOW }, async () => {
    const before = await lastEntry();
    const path = join(dir, 'console.csv');
    writeFileSync(path, 'Name,Phone\nConsole Import One,13700003001\nConsole Import Two,13700003002\n');
    const run = await kehu(['import', path, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const job = await db().db.selectFrom('import_jobs').select(['created_by', 'origin']).where('id', '=', JSON.parse(run.stdout).jobId).executeTakeFirstOrThrow();
    expect(job).toEqual({ created_by: null, origin: 'console' });
    const customers = await db().db.selectFrom('customers').select(['owner_id', 'created_by']).where('name', 'like', 'Console Import%').execute();
    expect(customers).toEqual([
      { owner_id: null, created_by: null },
      { owner_id: null, created_by: null },
    ]);
    const entries = await entriesAfter(before);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry).toMatchObject({ actor_id: null, origin: 'console' });
    expect(entries.some((e) => e.actor_id === adminId)).toBe(false);
  });

  it('with --as the import is that user’s, and the log still says it came from the console', { timeout: SLOW }, async () => {
    const before = await lastEntry();
    const path = join(dir, 'as-rep.csv');
    writeFileSync(path, 'Name,Phone\nConsole As Rep,13700003101\n');
    const run = await kehu(['import', path, '--as', 'rep@console.test', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const [customer] = await db().db.selectFrom('customers').select(['owner_id', 'created_by']).where('name', '=', 'Console As Rep').execute();
    expect(customer).toEqual({ owner_id: repId, created_by: repId });
    const entries = await entriesAfter(before);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry).toMatchObject({ actor_id: repId, origin: 'console' });
  });

  it('teams, users, pool rules and exports from the console are written as the console', { timeout: SLOW }, async () => {
    const before = await lastEntry();
    for (const argv of [
      ['teams', 'add', '--name', 'Console Team'],
      ['users', 'set', '--email', 'rep@console.test', '--team', 'Console Team'],
      ['pool', 'settings', '--max-per-rep', '500'],
      ['export', 'customers', '--out', join(dir, 'all.csv')],
      ['users', 'add', '--email', 'added@console.test', '--name', 'Console Added', '--role', 'sales', '--team', 'Console New Team'],
    ]) {
      const run = await kehu(argv);
      expect(run.code, `${argv.join(' ')}: ${run.stderr}`).toBe(0);
    }
    const entries = await entriesAfter(before);
    expect(entries.map((e) => `${e.action} ${e.entity}`)).toEqual(['create team', 'permission_change user', 'update pool_settings', 'export customer', 'create team', 'create user']);
    for (const entry of entries) expect(entry).toMatchObject({ actor_id: null, origin: 'console' });
    const verify = await kehu(['audit', 'verify', '--json']);
    expect(verify.code, verify.stderr).toBe(0);
  });

  it('the console has no account: what only a user has is refused, not done as someone', async () => {
    const { ownUserId, CONSOLE_ACTOR } = await import('../../src/core/access/console-actor.ts');
    expect(() => ownUserId(CONSOLE_ACTOR)).toThrow(/no account/);
  });
});
