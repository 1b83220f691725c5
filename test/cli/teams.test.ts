import { expect, it } from 'vitest';
import { cliEnv, runKehu } from '../support/cli.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';
import { encrypt } from '../../src/core/crypto/cipher.ts';

forEachDialect('kehu teams and users set', (db) => {
  const kehu = (argv: string[]) => runKehu(argv, cliEnv(db()));

  it('adds teams below a parent with a manager, lists them, and moves users between them', async () => {
    expect((await kehu(['users', 'add', '--email', 'boss@example.com', '--name', 'Boss', '--role', 'manager'])).code).toBe(0);
    expect((await kehu(['users', 'add', '--email', 'rep@example.com', '--name', 'Rep', '--role', 'sales'])).code).toBe(0);

    const east = await kehu(['teams', 'add', '--name', 'East', '--manager', 'BOSS@example.com']);
    expect(east.code, east.stderr).toBe(0);
    expect(east.stdout).toMatch(/created team \d+: East \(managed by Boss\)/);
    const shanghai = JSON.parse((await kehu(['teams', 'add', '--name', 'Shanghai', '--parent', 'East', '--json'])).stdout);
    expect(shanghai).toMatchObject({ name: 'Shanghai', parent: 'East', manager: null, members: 0 });

    const moved = await kehu(['users', 'set', '--email', 'rep@example.com', '--team', 'Shanghai', '--role', 'viewer', '--json']);
    expect(moved.code, moved.stderr).toBe(0);
    expect(JSON.parse(moved.stdout)).toMatchObject({ email: 'rep@example.com', team: 'Shanghai', role: 'viewer' });

    const table = (await kehu(['teams', 'list'])).stdout;
    expect(table).toMatch(/East\s+Boss\s+0/);
    expect(table).toMatch(/Shanghai\s+East\s+1/);
    const listed = JSON.parse((await kehu(['teams', 'list', '--json'])).stdout).items;
    expect(listed.map((t: { name: string }) => t.name)).toEqual(['East', 'Shanghai']);

    // the console's changes are in the audit log, with no acting user
    const entry = await db().db.selectFrom('audit_log').select(['action', 'actor_id', 'changes']).where('entity', '=', 'user').where('action', '=', 'permission_change').executeTakeFirstOrThrow();
    expect(entry.actor_id).toBeNull();
    expect(db().dialect.parseJson(entry.changes)).toMatchObject({ role: ['sales', 'viewer'], team: [null, 'Shanghai'] });

    const out = await kehu(['users', 'set', '--email', 'rep@example.com', '--team', '']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('rep@example.com (Rep, viewer)');
  });

  it('explains mistakes with the right exit code', async () => {
    const unknownParent = await kehu(['teams', 'add', '--name', 'Orphan', '--parent', 'Nowhere']);
    expect(unknownParent.code).toBe(4);
    expect(unknownParent.stderr).toContain('team Nowhere not found');
    expect((await kehu(['teams', 'add', '--name', 'Nobody', '--manager', 'ghost@example.com'])).code).toBe(4);
    expect((await kehu(['teams', 'add', '--name', 'East'])).code).toBe(5);
    expect((await kehu(['users', 'set', '--email', 'rep@example.com'])).code).toBe(2);
    expect((await kehu(['users', 'set', '--email', 'rep@example.com', '--role', 'owner'])).code).toBe(2);
    expect((await kehu(['users', 'set', '--email', 'ghost@example.com', '--role', 'sales'])).code).toBe(4);
  });

  it('will not demote the last active admin from the console either', async () => {
    expect((await kehu(['users', 'add', '--email', 'only-admin@example.com', '--name', 'Only', '--role', 'admin'])).code).toBe(0);
    const demote = await kehu(['users', 'set', '--email', 'only-admin@example.com', '--role', 'sales']);
    expect(demote.code).toBe(5);
    expect(demote.stderr).toContain('last active admin');
    expect((await kehu(['users', 'disable', '--email', 'only-admin@example.com'])).code).toBe(5);
  });

  it('turns off the two-factor sign-in of someone locked out, even the only admin', async () => {
    const user = await db().db.selectFrom('users').select('id').where('email', '=', 'only-admin@example.com').executeTakeFirstOrThrow();
    await db().db.updateTable('users').set({ totp_enabled: true, totp_secret_enc: encrypt(testKeyring, 'JBSWY3DPEHPK3PXP') }).where('id', '=', user.id).execute();
    const run = await kehu(['users', 'set', '--email', 'only-admin@example.com', '--disable-totp', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ totpEnabled: false, role: 'admin' });
    const row = await db().db.selectFrom('users').select('totp_secret_enc').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.totp_secret_enc).toBeNull();
  });
});
