import { expect, it } from 'vitest';
import { verifyPassword } from '../../src/core/users/password-hash.ts';
import { cliEnv, runKehu } from '../support/cli.ts';
import { forEachDialect } from '../support/databases.ts';

forEachDialect('kehu users password', (db) => {
  const kehu = (argv: string[], stdin?: string) => runKehu(argv, cliEnv(db()), stdin);

  it('sets a password read from stdin, refuses a weak one and an unknown user', async () => {
    expect((await kehu(['users', 'add', '--email', 'pw-set@example.com', '--name', 'Pat', '--role', 'sales'])).code).toBe(0);
    const set = await kehu(['users', 'password', '--email', 'PW-set@example.com', '--password-stdin'], 'a brand new secret\n');
    expect(set.code).toBe(0);
    const row = await db().db.selectFrom('users').select('password_hash').where('email', '=', 'pw-set@example.com').executeTakeFirstOrThrow();
    expect(await verifyPassword('a brand new secret', row.password_hash ?? '')).toBe(true);

    const weak = await kehu(['users', 'password', '--email', 'pw-set@example.com', '--password-stdin'], 'abc\n');
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('password: must be at least 10 characters');
    const nobody = await kehu(['users', 'password', '--email', 'nobody@example.com', '--password-stdin'], 'a brand new secret\n');
    expect(nobody.code).not.toBe(0);
    expect(nobody.stderr).toContain('user nobody@example.com not found');
    expect((await kehu(['users', 'password', '--email', 'pw-set@example.com'])).code).toBe(2);
  });
});
