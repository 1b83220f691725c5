import { testKeyring } from '../support/keyring.ts';
import { describe, expect, it } from 'vitest';
import type { Deps } from '../../src/core/context.ts';
import { authenticateToken } from '../../src/core/tokens/authenticate-token.ts';
import { hashToken } from '../../src/core/tokens/token-hash.ts';
import { verifyPassword } from '../../src/core/users/password-hash.ts';
import { cliEnv, runKehu } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect, type TestDatabase } from '../support/databases.ts';

const depsOf = (db: TestDatabase): Deps => ({ db: db.db, dialect: db.dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring });

describe('kehu --help', () => {
  const commands: Array<[string[], string[]]> = [
    [[], ['users', 'tokens', 'seed', 'serve', 'migrate']],
    [['users'], ['add', 'list', 'disable']],
    [['users', 'add'], ['--email', '--name', '--role', '--team', '--password-stdin', '--json', 'choices: "admin"', '"viewer"']],
    [['users', 'list'], ['--json']],
    [['users', 'disable'], ['--email', '--enable', '--json']],
    [['tokens'], ['create', 'revoke', 'list']],
    [['tokens', 'create'], ['--user', '--name', '--read-only', '--expires', '--json']],
    [['tokens', 'revoke'], ['[id-or-token]', '--all', '--user', '--json']],
    [['tokens', 'list'], ['--json']],
    [['seed'], ['--demo', '--customers', '--force', '--json']],
  ];
  it.each(commands)('kehu %j --help exits 0 and names its options', async (argv, mentions) => {
    const run = await runKehu([...argv, '--help'], {});
    expect(run.code).toBe(0);
    for (const word of mentions) expect(run.stdout).toContain(word);
  });
});

forEachDialect('kehu users and tokens', (db) => {
  const kehu = (argv: string[], stdin?: string) => runKehu(argv, cliEnv(db()), stdin);

  describe('users', () => {
    it('adds a user who then shows in the list, with team and role', async () => {
      const add = await kehu(['users', 'add', '--email', 'Ann@Example.com', '--name', '单田芳', '--role', 'admin', '--team', '华东销售部']);
      expect(add.code).toBe(0);
      expect(add.stdout).toContain('ann@example.com');

      const list = await kehu(['users', 'list']);
      expect(list.code).toBe(0);
      const line = list.stdout.split('\n').find((l) => l.includes('ann@example.com'));
      expect(line).toMatch(/ann@example\.com\s+单田芳\s+admin\s+华东销售部\s+no/);

      const json = await kehu(['users', 'list', '--json']);
      expect(JSON.parse(json.stdout).items).toContainEqual(expect.objectContaining({ email: 'ann@example.com', role: 'admin', team: '华东销售部', disabled: false }));
    });

    it('refuses a second user with the same email, whatever its case, with exit code 5', async () => {
      await kehu(['users', 'add', '--email', 'dup@example.com', '--name', 'First', '--role', 'sales']);
      const again = await kehu(['users', 'add', '--email', ' DUP@example.com', '--name', 'Second', '--role', 'viewer']);
      expect(again.code).toBe(5);
      expect(again.stderr).toContain('a user with email dup@example.com already exists');
      const list = await kehu(['users', 'list', '--json']);
      expect(JSON.parse(list.stdout).items.filter((u: { email: string }) => u.email === 'dup@example.com')).toHaveLength(1);
    });

    it('rejects a bad email with exit code 2 naming the field', async () => {
      const run = await kehu(['users', 'add', '--email', 'not-an-address', '--name', 'X', '--role', 'sales']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('email: missing @');
    });

    it('rejects an unknown role and lists the allowed ones', async () => {
      const run = await kehu(['users', 'add', '--email', 'boss@example.com', '--name', 'Boss', '--role', 'boss']);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('Allowed choices are admin, manager, sales, viewer');
      const list = await kehu(['users', 'list', '--json']);
      expect(JSON.stringify(JSON.parse(list.stdout))).not.toContain('boss@example.com');
    });

    it('reads the password from stdin without its trailing newline, and refuses a short one', async () => {
      const run = await kehu(['users', 'add', '--email', 'pw@example.com', '--name', 'Pat', '--role', 'manager', '--password-stdin', '--json'], 'correct horse battery\n');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ email: 'pw@example.com', role: 'manager' });
      const row = await db().db.selectFrom('users').select('password_hash').where('email', '=', 'pw@example.com').executeTakeFirstOrThrow();
      expect(await verifyPassword('correct horse battery', row.password_hash ?? '')).toBe(true);

      const short = await kehu(['users', 'add', '--email', 'short@example.com', '--name', 'S', '--role', 'sales', '--password-stdin'], 'abc\n');
      expect(short.code).toBe(2);
      expect(short.stderr).toContain('password: must be at least 10 characters');
    });
  });

  describe('tokens', () => {
    it('prints a token once that authenticates as the user, and says it cannot be shown again', async () => {
      await kehu(['users', 'add', '--email', 'tok@example.com', '--name', 'Tok', '--role', 'sales']);
      const json = await kehu(['tokens', 'create', '--user', 'TOK@example.com', '--name', 'erp sync', '--json']);
      expect(json.code).toBe(0);
      const created = JSON.parse(json.stdout);
      expect(created).toMatchObject({ user: 'tok@example.com', name: 'erp sync', scope: 'write', expiresAt: null });
      const actor = await authenticateToken(depsOf(db()), created.token);
      expect(actor).toMatchObject({ role: 'sales', canWrite: true });

      const plain = await kehu(['tokens', 'create', '--user', 'tok@example.com']);
      expect(plain.code).toBe(0);
      expect(plain.stdout.trim()).toMatch(/^kehu_\S+$/);
      expect(plain.stderr).toContain('cannot be shown again');
      await expect(authenticateToken(depsOf(db()), plain.stdout.trim())).resolves.toMatchObject({ role: 'sales' });
    });

    it('makes read-only tokens with --read-only and expiring ones with --expires', async () => {
      await kehu(['users', 'add', '--email', 'ro@example.com', '--name', 'Ro', '--role', 'admin']);
      const run = await kehu(['tokens', 'create', '--user', 'ro@example.com', '--read-only', '--expires', '2999-01-31', '--json']);
      const created = JSON.parse(run.stdout);
      expect(created).toMatchObject({ scope: 'read', expiresAt: '2999-01-31T00:00:00.000Z' });
      expect(await authenticateToken(depsOf(db()), created.token)).toMatchObject({ canWrite: false });
    });

    it('rejects an unreadable or past --expires with exit code 2 naming it, and issues nothing', async () => {
      const before = await db().db.selectFrom('api_tokens').select('id').execute();
      for (const bad of ['tomorrow', '2027-02-30', '2027-01-31T10:00']) {
        const run = await kehu(['tokens', 'create', '--user', 'ro@example.com', '--expires', bad]);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(`--expires: must be a date (YYYY-MM-DD) or an ISO 8601 time with a zone`);
      }
      const past = await kehu(['tokens', 'create', '--user', 'ro@example.com', '--expires', '2001-01-01']);
      expect(past.code).toBe(2);
      expect(past.stderr).toContain('--expires: 2001-01-01T00:00:00.000Z is in the past');
      expect(await db().db.selectFrom('api_tokens').select('id').execute()).toHaveLength(before.length);
    });

    it('refuses a token for an unknown user with exit code 4', async () => {
      const run = await kehu(['tokens', 'create', '--user', 'nobody@example.com']);
      expect(run.code).toBe(4);
      expect(run.stderr).toContain('user nobody@example.com not found');
    });

    it('lists tokens by prefix without ever printing the token or its hash', async () => {
      await kehu(['users', 'add', '--email', 'list@example.com', '--name', 'List', '--role', 'viewer']);
      const { token } = JSON.parse((await kehu(['tokens', 'create', '--user', 'list@example.com', '--name', 'listed', '--json'])).stdout);
      for (const argv of [['tokens', 'list'], ['tokens', 'list', '--json']]) {
        const run = await kehu(argv);
        expect(run.code).toBe(0);
        expect(run.stdout).toContain(token.slice(0, 11));
        expect(run.stdout).not.toContain(token);
        expect(run.stdout).not.toContain(hashToken(token));
      }
      const table = (await kehu(['tokens', 'list'])).stdout.split('\n').find((l) => l.includes('listed'));
      expect(table).toMatch(/list@example\.com\s+write\s+active/);
    });

    it('revokes by id or by the token itself; a revoked token stops working', async () => {
      await kehu(['users', 'add', '--email', 'rev@example.com', '--name', 'Rev', '--role', 'sales']);
      const first = JSON.parse((await kehu(['tokens', 'create', '--user', 'rev@example.com', '--json'])).stdout);
      const second = JSON.parse((await kehu(['tokens', 'create', '--user', 'rev@example.com', '--json'])).stdout);

      const byId = await kehu(['tokens', 'revoke', String(first.id)]);
      expect(byId.code).toBe(0);
      await expect(authenticateToken(depsOf(db()), first.token)).rejects.toMatchObject({ code: 'unauthorized' });
      await expect(authenticateToken(depsOf(db()), second.token)).resolves.toBeDefined();

      const byToken = await kehu(['tokens', 'revoke', second.token, '--json']);
      expect(JSON.parse(byToken.stdout)).toEqual({ id: second.id, revoked: true });
      await expect(authenticateToken(depsOf(db()), second.token)).rejects.toMatchObject({ code: 'unauthorized' });

      const again = await kehu(['tokens', 'revoke', String(first.id)]);
      expect(again.code).toBe(4);
      const listed = JSON.parse((await kehu(['tokens', 'list', '--json'])).stdout).items.find((t: { id: number }) => t.id === first.id);
      expect(listed.status).toBe('revoked');
    });

    it('revokes all of one user\u2019s tokens with --all --user, each on record, and no one else\u2019s', async () => {
      await kehu(['users', 'add', '--email', 'all@example.com', '--name', 'All', '--role', 'sales']);
      await kehu(['users', 'add', '--email', 'other@example.com', '--name', 'Other', '--role', 'sales']);
      const mine: Array<{ id: number; token: string }> = [];
      for (let i = 0; i < 3; i++) mine.push(JSON.parse((await kehu(['tokens', 'create', '--user', 'all@example.com', '--json'])).stdout));
      const theirs = JSON.parse((await kehu(['tokens', 'create', '--user', 'other@example.com', '--json'])).stdout);
      expect((await kehu(['tokens', 'revoke', String(mine[0]!.id)])).code).toBe(0);

      const run = await kehu(['tokens', 'revoke', '--all', '--user', 'ALL@example.com', '--json']);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({ user: 'ALL@example.com', revoked: [mine[1]!.id, mine[2]!.id] });
      for (const token of mine) await expect(authenticateToken(depsOf(db()), token.token)).rejects.toMatchObject({ code: 'unauthorized' });
      await expect(authenticateToken(depsOf(db()), theirs.token)).resolves.toBeDefined();
      const audit = await db().db.selectFrom('audit_log').select(['entity_id', 'actor_id', 'origin']).where('action', '=', 'token_revoke').where('entity_id', 'in', [mine[1]!.id, mine[2]!.id]).orderBy('entity_id').execute();
      expect(audit).toEqual([
        { entity_id: mine[1]!.id, actor_id: null, origin: 'console' },
        { entity_id: mine[2]!.id, actor_id: null, origin: 'console' },
      ]);

      expect((await kehu(['tokens', 'revoke', '--all', '--user', 'all@example.com'])).stdout).toContain('has no active token');
      expect((await kehu(['tokens', 'revoke', '--all'])).code).toBe(2);
      expect((await kehu(['tokens', 'revoke', '--all', '--user', 'ghost@example.com'])).code).toBe(4);
    });

    it('disabling a user stops their tokens at once; enabling brings them back', async () => {
      await kehu(['users', 'add', '--email', 'off@example.com', '--name', 'Off', '--role', 'sales']);
      const { token } = JSON.parse((await kehu(['tokens', 'create', '--user', 'off@example.com', '--json'])).stdout);
      const off = await kehu(['users', 'disable', '--email', 'off@example.com']);
      expect(off.code).toBe(0);
      await expect(authenticateToken(depsOf(db()), token)).rejects.toMatchObject({ code: 'unauthorized' });
      expect((await kehu(['users', 'list'])).stdout).toMatch(/off@example\.com.*yes/);
      expect((await kehu(['tokens', 'create', '--user', 'off@example.com'])).code).toBe(5);

      const on = await kehu(['users', 'disable', '--email', 'off@example.com', '--enable', '--json']);
      expect(JSON.parse(on.stdout)).toMatchObject({ email: 'off@example.com', disabled: false });
      await expect(authenticateToken(depsOf(db()), token)).resolves.toMatchObject({ role: 'sales' });
      expect((await kehu(['users', 'disable', '--email', 'ghost@example.com'])).code).toBe(4);
    });
  });
});
