import { expect, it } from 'vitest';
import { hashToken } from '../../src/core/tokens/token-hash.ts';
import { cliEnv, runKehu } from '../support/cli.ts';
import { forEachDialect } from '../support/databases.ts';

forEachDialect('kehu users reset-link', (db) => {
  const kehu = (argv: string[]) => runKehu(argv, cliEnv(db()));

  it('prints a one-time link at the given address, stores only its hash, and refuses an unknown user or address', async () => {
    expect((await kehu(['users', 'add', '--email', 'reset-cli@example.com', '--name', 'Pat', '--role', 'sales'])).code).toBe(0);
    const made = await kehu(['users', 'reset-link', '--email', 'Reset-CLI@example.com', '--url', 'https://kehu.example.com/', '--json']);
    expect(made.code, made.stderr).toBe(0);
    const link = JSON.parse(made.stdout) as { url: string; expiresAt: string };
    expect(link.url).toMatch(/^https:\/\/kehu\.example\.com\/reset-password#[\w-]{40,}$/);
    const token = link.url.split('#')[1] ?? '';
    const rows = await db().db.selectFrom('password_resets').innerJoin('users', 'users.id', 'password_resets.user_id').select(['token_hash', 'users.email']).execute();
    expect(rows).toContainEqual({ token_hash: hashToken(token), email: 'reset-cli@example.com' });

    const plain = await kehu(['users', 'reset-link', '--email', 'reset-cli@example.com']);
    expect(plain.code).toBe(0);
    expect(plain.stdout.trim()).toMatch(/^http:\/\/[^/]+\/reset-password#[\w-]{40,}$/);
    expect(plain.stderr).toContain('sets a new password once');

    const nobody = await kehu(['users', 'reset-link', '--email', 'nobody@example.com']);
    expect(nobody.code).not.toBe(0);
    expect(nobody.stderr).toContain('user nobody@example.com not found');
    expect((await kehu(['users', 'reset-link', '--email', 'reset-cli@example.com', '--url', 'kehu.example.com'])).code).toBe(2);
  });

  it('on a server listening on every address, uses KEHU_PUBLIC_URL or says how to give the address, never http://0.0.0.0', async () => {
    expect((await kehu(['users', 'add', '--email', 'reset-wild@example.com', '--name', 'Lee', '--role', 'sales'])).code).toBe(0);
    const before = await db().db.selectFrom('password_resets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    for (const host of ['0.0.0.0', '::']) {
      const wild = await runKehu(['users', 'reset-link', '--email', 'reset-wild@example.com'], { ...cliEnv(db()), HOST: host });
      expect(wild.code).toBe(2);
      expect(wild.stdout).toBe('');
      expect(wild.stderr).toContain('--url');
      expect(wild.stderr).toContain('KEHU_PUBLIC_URL');
      expect(wild.stderr).not.toContain('http://0.0.0.0');
    }
    // nothing was made for a link nobody saw
    expect(await db().db.selectFrom('password_resets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).toEqual(before);

    const configured = await runKehu(['users', 'reset-link', '--email', 'reset-wild@example.com'], { ...cliEnv(db()), HOST: '0.0.0.0', KEHU_PUBLIC_URL: 'https://crm.example.cn/' });
    expect(configured.code, configured.stderr).toBe(0);
    expect(configured.stdout.trim()).toMatch(/^https:\/\/crm\.example\.cn\/reset-password#[\w-]{40,}$/);
    const given = await runKehu(['users', 'reset-link', '--email', 'reset-wild@example.com', '--url', 'http://10.0.0.5:3000'], { ...cliEnv(db()), HOST: '0.0.0.0', KEHU_PUBLIC_URL: 'https://crm.example.cn' });
    expect(given.stdout.trim()).toMatch(/^http:\/\/10\.0\.0\.5:3000\/reset-password#/);

    const bad = await runKehu(['users', 'reset-link', '--email', 'reset-wild@example.com'], { ...cliEnv(db()), KEHU_PUBLIC_URL: 'crm.example.cn' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('KEHU_PUBLIC_URL must be a web address');
  });
});
