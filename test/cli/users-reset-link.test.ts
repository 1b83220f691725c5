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
});
