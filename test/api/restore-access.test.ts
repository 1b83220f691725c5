import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BackupConfig } from '../../src/core/backup/backup-config.ts';
import { verifyAudit } from '../../src/core/audit/verify-audit.ts';
import { startRun } from '../../src/core/backup/backup-runs.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

// A restore brings back the backup's users, sign-ins and tokens. What was shut after the backup
// was taken — a leaked token revoked, a person who left disabled — stays shut; every sign-in and
// unused reset link of the backup's day ends, so everyone signs in again.

const PASSWORD = 'a long enough password';

forEachDialect('access after a restore', (db) => {
  let api: TestApi;
  const dir = mkdtempSync(join(tmpdir(), 'kehu-restore-access-'));

  beforeAll(async () => {
    api = await createTestApi(db());
    (api.app as unknown as { backupConfig: BackupConfig }).backupConfig = { dir, secret: null, metricsToken: undefined };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  type Run = { id: number; kind: string; status: string; file: string | null; details: Record<string, unknown> | null; errorCode: string | null };
  // (on PostgreSQL reads answer 503 while the tables are replaced)
  const runs = async (token?: string) => ((await api.call('GET', '/api/v1/backups/runs', undefined, undefined, token)).json().items ?? []) as Run[];
  /** Starts a job and follows it until its run is recorded as finished. */
  const job = async (kind: string, url: string, body?: unknown, tokens = [api.token]): Promise<Run> => {
    const before = Math.max(0, ...(await runs()).map((r) => r.id));
    const started = await api.call('POST', url, body, undefined, tokens[0]);
    expect(started.statusCode, started.body).toBe(202);
    for (;;) {
      // a restore replaces the runs table: its own run is recorded after it, with a new id either way;
      // and it may end the token that started it, so the first token still valid reads the runs.
      let list: Run[] = [];
      const refused: number[] = [];
      for (const token of tokens) {
        const res = await api.call('GET', '/api/v1/backups/runs', undefined, undefined, token);
        if (res.statusCode === 200) {
          list = res.json().items as Run[];
          break;
        }
        refused.push(res.statusCode);
      }
      // (503 while the tables are replaced; 401 from every token is a lockout, not a wait)
      if (refused.length === tokens.length && refused.every((status) => status === 401)) expect.fail('every token is refused: no one can follow the job');
      const run = list.find((r) => r.kind === kind && r.status !== 'running' && (kind === 'restore' || r.id > before));
      if (run && (kind !== 'restore' || run.file === (url.split('/')[4] ?? ''))) return run;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const signIn = async (email: string) => {
    const res = await api.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0] ?? '';
  };
  const me = (auth: { cookie?: string; token?: string }) =>
    api.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: auth.cookie ? { cookie: auth.cookie } : { authorization: `Bearer ${auth.token}` } });

  it('tokens revoked and users disabled since the backup stay so, every sign-in and reset link ends; each is audited', async () => {
    const leaked = await api.userToken('sales', 'leaked-token@example.com');
    const leaver = await api.userToken('sales', 'leaver@example.com');
    const kept = await api.userToken('manager', 'kept@example.com');
    await createUser(api.deps, { email: 'signed-in@example.com', name: '登录者', role: 'sales', password: PASSWORD }, null);
    const linkUser = await createUser(api.deps, { email: 'forgot@example.com', name: '忘记密码', role: 'sales', password: PASSWORD }, null);
    const backup = await job('backup', '/api/v1/backups');
    expect(backup.status).toBe('ok');
    const name = backup.file as string;

    // After the backup: a token leaks and is revoked, a rep leaves and is disabled; a reset link and a sign-in are made.
    const leakedId = (await api.deps.db.selectFrom('api_tokens').select('id').where('user_id', '=', leaked.userId).executeTakeFirstOrThrow()).id;
    expect((await api.call('DELETE', `/api/v1/tokens/${leakedId}`)).statusCode).toBe(200);
    const leaverNow = (await api.call('GET', `/api/v1/users/${leaver.userId}`)).json();
    const disabled = await api.call('PATCH', `/api/v1/users/${leaver.userId}`, { disabled: true }, { 'if-match': `"${leaverNow.version}"` });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect((await me({ token: leaked.token })).statusCode).toBe(401);
    expect((await me({ token: leaver.token })).statusCode).toBe(401);
    const cookie = await signIn('signed-in@example.com');
    expect((await me({ cookie })).statusCode).toBe(200);
    const link = await api.call('POST', `/api/v1/users/${linkUser.id}/reset-link`);
    expect(link.statusCode, link.body).toBe(201);
    const resetToken = String(link.json().path).split('#')[1] ?? '';

    const restore = await job('restore', `/api/v1/backups/${name}/restore`, { confirm: name, force: true });
    expect(restore.status, restore.errorCode ?? '').toBe('ok');

    // Shut as before the restore, though the backup had them open.
    expect((await me({ token: leaked.token })).statusCode).toBe(401);
    expect((await me({ token: leaver.token })).statusCode).toBe(401);
    const leaverAfter = await api.deps.db.selectFrom('users').select('disabled').where('id', '=', leaver.userId).executeTakeFirstOrThrow();
    expect(Boolean(leaverAfter.disabled)).toBe(true);
    // The session made after the backup is not in it; the link neither: both gone with the live data.
    expect((await me({ cookie })).statusCode).toBe(401);
    expect((await api.app.inject({ method: 'POST', url: '/api/v1/auth/reset-password/check', payload: { token: resetToken } })).statusCode).toBe(400);
    // What was open in the live database too still works: the admin's and the manager's tokens.
    expect((await me({ token: api.token })).statusCode).toBe(200);
    expect((await me({ token: kept.token })).statusCode).toBe(200);
    // the run says what was shut again (the link and the later sign-in were not in the backup)
    expect(restore.details?.access).toMatchObject({ tokensRevoked: 1, usersDisabled: 1, resetLinksEnded: 0 });

    const latest = await api.deps.db.selectFrom('audit_log').select(['action', 'entity', 'entity_id', 'changes']).orderBy('id', 'desc').limit(20).execute();
    const audit = latest.filter((a) => JSON.stringify(a.changes).includes('afterRestore'));
    expect(audit.map((a) => [a.action, a.entity, a.entity_id])).toEqual(
      expect.arrayContaining([
        ['token_revoke', 'api_token', leakedId],
        ['update', 'user', leaver.userId],
      ]),
    );
    expect((await verifyAudit(db())).ok).toBe(true);
  });

  it('a sign-in and a reset link that the backup holds end with the restore: everyone signs in again', async () => {
    await createUser(api.deps, { email: 'in-backup@example.com', name: '备份中', role: 'sales', password: PASSWORD }, null);
    const cookie = await signIn('in-backup@example.com');
    const linkUser = await createUser(api.deps, { email: 'link-in-backup@example.com', name: '备份中的链接', role: 'sales', password: PASSWORD }, null);
    const link = await api.call('POST', `/api/v1/users/${linkUser.id}/reset-link`);
    const resetToken = String(link.json().path).split('#')[1] ?? '';
    const backup = await job('backup', '/api/v1/backups');
    const name = backup.file as string;
    expect((await me({ cookie })).statusCode).toBe(200);

    const restore = await job('restore', `/api/v1/backups/${name}/restore`, { confirm: name, force: true });
    expect(restore.status, restore.errorCode ?? '').toBe('ok');
    const access = restore.details?.access as { sessionsEnded: number; resetLinksEnded: number };
    expect(access.sessionsEnded).toBeGreaterThanOrEqual(1);
    expect(access.resetLinksEnded).toBe(1);
    expect((await me({ cookie })).statusCode).toBe(401);
    const check = await api.app.inject({ method: 'POST', url: '/api/v1/auth/reset-password/check', payload: { token: resetToken } });
    expect(check.statusCode).toBe(400);
    expect(check.json().code).toBe('session.reset_link_invalid');
    // signing in again works, with the password the backup holds
    expect((await me({ cookie: await signIn('in-backup@example.com') })).statusCode).toBe(200);
    expect((await verifyAudit(db())).ok).toBe(true);
  });

  it('when every admin the backup holds was disabled since, they stay enabled: a restore does not lock everyone out', async () => {
    // a restore test is running when the backup is taken: the backup holds it as running
    const verifying = await startRun(api.deps, { kind: 'verify', trigger: 'api', actor: null });
    const backup = await job('backup', '/api/v1/backups');
    const name = backup.file as string;
    // After the backup a new admin takes over and disables every admin of the backup's day.
    const successor = await api.userToken('admin', 'successor@example.com');
    const backupAdmins = await api.deps.db.selectFrom('users').select(['id', 'version']).where('role', '=', 'admin').where('disabled', '=', false).where('id', '!=', successor.userId).execute();
    expect(backupAdmins.length).toBeGreaterThan(0);
    for (const admin of backupAdmins) {
      const res = await api.call('PATCH', `/api/v1/users/${admin.id}`, { disabled: true }, { 'if-match': `"${admin.version}"` }, successor.token);
      expect(res.statusCode, res.body).toBe(200);
    }
    expect((await me({ token: api.token })).statusCode).toBe(401);

    // The successor restores the backup, which does not know them; the backup's admins come back enabled.
    const restore = await job('restore', `/api/v1/backups/${name}/restore`, { confirm: name, force: true }, [successor.token, api.token]);
    expect(restore.status, restore.errorCode ?? '').toBe('ok');
    expect(restore.details?.access).toMatchObject({ usersDisabled: 0, adminsKept: backupAdmins.length });
    // the successor is not in the restored database: the run says who restored by e-mail
    expect(restore.details?.restoredBy).toBe('successor@example.com');
    expect((await me({ token: successor.token })).statusCode).toBe(401);
    expect((await me({ token: api.token })).statusCode).toBe(200);
    const users = await api.call('GET', '/api/v1/users');
    expect(users.statusCode, users.body).toBe(200);
    // the backup restored was running when it was taken: it now reads as the ok run that wrote the file
    const listed = await runs();
    expect(listed.filter((r) => r.status === 'running')).toEqual([]);
    expect(listed.find((r) => r.kind === 'backup' && r.file === name)?.status).toBe('ok');
    // and the restore test running then is not "running" forever either: how it ended is not in the backup
    expect(listed.find((r) => r.id === verifying)).toMatchObject({ kind: 'verify', status: 'failed', errorCode: 'backup.running_in_restored' });
    expect((await verifyAudit(db())).ok).toBe(true);
  });
});
