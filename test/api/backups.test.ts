import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBackupScheduler } from '../../src/core/backup/backup-scheduler.ts';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { formatMessage } from '../../src/domain/messages.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';

const ROUTES: Array<['GET' | 'POST' | 'PATCH', string, unknown?]> = [
  ['GET', '/api/v1/backups'],
  ['POST', '/api/v1/backups'],
  ['GET', '/api/v1/backups/runs'],
  ['GET', '/api/v1/backups/settings'],
  ['PATCH', '/api/v1/backups/settings', { time: '01:00' }],
  ['POST', '/api/v1/backups/prune'],
  ['POST', '/api/v1/backups/kehu-20260101-000000-manual.kehubackup/verify'],
  ['POST', '/api/v1/backups/kehu-20260101-000000-manual.kehubackup/restore', { confirm: 'kehu-20260101-000000-manual.kehubackup', force: true }],
  ['GET', '/api/v1/health'],
  ['POST', '/api/v1/health/maintenance', { action: 'optimize' }],
];

forEachDialect('backups API', (db) => {
  let api: TestApi;
  const dir = mkdtempSync(join(tmpdir(), 'kehu-api-backups-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    api = await createTestApi(db());
    (api.app as unknown as { backupConfig: unknown }).backupConfig = { dir, secret: null, metricsToken: 'metrics-secret-123' };
  });

  // However long the job takes on a busy machine: its run is followed until it is recorded as finished
  // (the test's own timeout, minutes, is only the bound for a job that never ends).
  const settle = async (kind: string, file?: string) => {
    for (;;) {
      const runs = (await api.call('GET', '/api/v1/backups/runs')).json().items as Array<{ kind: string; status: string; file: string | null }>;
      const run = runs.find((r) => r.kind === kind && (file === undefined || r.file === file));
      if (run && run.status !== 'running') return run;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const JOB_TIMEOUT_MS = 300_000;

  it('is for admins only: every other role, and an admin\u2019s read-only token for changes, get 403', async () => {
    for (const role of ['manager', 'sales', 'viewer'] as const) {
      const { token } = await api.userToken(role);
      for (const [method, url, body] of ROUTES) {
        const res = await api.call(method, url, body, {}, token);
        expect(res.statusCode, `${role} ${method} ${url}`).toBe(403);
      }
    }
    const admin = await api.deps.db.selectFrom('users').select(['id', 'email']).where('role', '=', 'admin').executeTakeFirstOrThrow();
    const { token: readOnly } = await createToken(api.deps, { email: admin.email, scope: 'read' }, admin.id);
    for (const [method, url, body] of ROUTES) {
      const res = await api.call(method, url, body, {}, readOnly);
      expect(res.statusCode, `read-only ${method} ${url}`).toBe(method === 'GET' ? 200 : 403);
    }
    expect((await api.app.inject({ method: 'GET', url: '/api/v1/backups' })).statusCode).toBe(401);
  });

  it('takes a backup and a restore test in the background; the page and /healthz show both', async () => {
    const before = await api.app.inject({ method: 'GET', url: '/healthz' });
    expect(before.json()).toMatchObject({ status: 'ok', backup: { lastBackupAt: null, lastGoodRestoreTestAt: null } });
    expect((await api.call('POST', '/api/v1/backups')).statusCode).toBe(202);
    expect((await settle('backup')).status).toBe('ok');
    const overview = (await api.call('GET', '/api/v1/backups')).json();
    expect(overview.directory).toBe(dir);
    expect(overview.files).toHaveLength(1);
    const name = overview.files[0].name as string;
    expect(overview.files[0]).toMatchObject({ dialect: db().name, encrypted: false, lastVerify: null });
    expect(overview.settings).toMatchObject({ enabled: true, time: '02:00', keepDaily: 7, keepWeekly: 4, keepMonthly: 12 });

    expect((await api.call('POST', `/api/v1/backups/${name}/verify`)).statusCode).toBe(202);
    expect((await settle('verify')).status).toBe('ok');
    const after = (await api.call('GET', '/api/v1/backups')).json();
    expect(after.files[0].lastVerify.ok).toBe(true);
    expect(after.lastGoodVerify.file).toBe(name);
    const health = (await api.app.inject({ method: 'GET', url: '/healthz' })).json();
    expect(health.backup.lastBackupStatus).toBe('ok');
    expect(health.backup.lastRestoreTestStatus).toBe('ok');
    expect(health.backup.lastGoodRestoreTestAt).toEqual(expect.any(String));
    const audited = await api.deps.db.selectFrom('audit_log').select('action').where('entity', '=', 'backup').execute();
    expect(audited.map((a) => a.action)).toEqual(['backup', 'backup_verify']);
  }, JOB_TIMEOUT_MS);

  it('names what is wrong: a bad time, a name that is not a backup, a restore not confirmed', async () => {
    const bad = await api.call('PATCH', '/api/v1/backups/settings', { time: '25:00', keepDaily: -1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['keepDaily', 'time']);
    expect((await api.call('POST', '/api/v1/backups/..%2F..%2Fetc%2Fpasswd/verify')).statusCode).toBe(400);
    const unconfirmed = await api.call('POST', '/api/v1/backups/kehu-20260101-000000-manual.kehubackup/restore', { confirm: 'yes' });
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.json().errors[0].field).toBe('confirm');
    const changed = await api.call('PATCH', '/api/v1/backups/settings', { time: '01:30', keepDaily: 3 });
    expect(changed.json()).toMatchObject({ time: '01:30', keepDaily: 3, keepWeekly: 4 });
  });

  it('a failed restore test says what failed in the reader’s language: the run’s error and the file’s problem carry codes', async () => {
    const name = 'kehu-20260101-000000-manual.kehubackup';
    writeFileSync(join(dir, name), 'KEHUBAK1');
    try {
      expect((await api.call('POST', `/api/v1/backups/${name}/verify`)).statusCode).toBe(202);
      // the run of this file (the job starts after the 202; the runs list may still end in the last one)
      const run = await settle('verify', name);
      expect(run).toMatchObject({ status: 'failed', file: name, errorCode: 'backup.checks_failed' });
      const { error, errorCode, errorParams } = run as unknown as { error: string; errorCode: string; errorParams: Record<string, string> };
      expect(error).toBe(`file: ${name} is not a readable kehu backup: too short`);
      expect(formatMessage('zh', errorCode, errorParams)).toBe(`文件：${name} 不是可读取的 kehu 备份：文件太短`);
      const file = (await api.call('GET', '/api/v1/backups')).json().files.find((f: { name: string }) => f.name === name);
      expect(file).toMatchObject({ problem: `${name} is not a readable kehu backup: too short`, problemCode: 'backup.unreadable_too_short' });
      expect(formatMessage('zh', file.problemCode, file.problemParams)).toBe(`${name} 不是可读取的 kehu 备份：文件太短`);
    } finally {
      rmSync(join(dir, name), { force: true });
    }
  }, JOB_TIMEOUT_MS);

  it('the schedule backs up each night without being told, tests a restore weekly, and a failure is recorded and logged', async () => {
    const clock = new FakeClock(new Date().toISOString());
    const deps = { ...api.deps, clock };
    await api.call('PATCH', '/api/v1/backups/settings', { time: '02:00', verifyWeekday: clock.now().getDay(), verifyTime: '03:00' });
    const lines: string[] = [];
    const scheduler = startBackupScheduler(deps, { dir, secret: null, metricsToken: undefined }, (line) => lines.push(line), 3_600_000);
    try {
      const count = async (kind: 'backup' | 'verify', trigger: 'schedule' = 'schedule') => (await api.deps.db.selectFrom('backup_runs').select('id').where('kind', '=', kind).where('trigger', '=', trigger).execute()).length;
      await scheduler.tick();
      const catchUp = await count('backup');
      clock.advance(24 * 3_600_000);
      await scheduler.tick();
      await scheduler.tick();
      expect(await count('backup')).toBe(catchUp + 1);
      expect(lines.some((l) => l.includes('scheduled backup'))).toBe(true);
      clock.advance(7 * 24 * 3_600_000);
      await scheduler.tick();
      expect(await count('verify')).toBeGreaterThanOrEqual(1);
      expect(lines.some((l) => /scheduled restore test of .* passed/.test(l))).toBe(true);

      // a folder that was fine when chosen and is a file by the night (the settings refuse a file outright)
      const blocker = join(dir, 'not-a-directory');
      mkdirSync(blocker);
      expect((await api.call('PATCH', '/api/v1/backups/settings', { directory: blocker })).statusCode).toBe(200);
      rmSync(blocker, { recursive: true });
      writeFileSync(blocker, '');
      clock.advance(24 * 3_600_000);
      await scheduler.tick();
      expect(lines.some((l) => l.includes('scheduled backup FAILED'))).toBe(true);
      const overview = (await api.call('GET', '/api/v1/backups')).json();
      expect(overview.lastBackup).toMatchObject({ status: 'failed', trigger: 'schedule' });
      expect(overview.lastBackup.error).toMatch(/ENOTDIR|not a directory/);
      // the page says it in the reader's language: a code and its params beside the English of the log
      expect(overview.lastBackup).toMatchObject({ errorCode: 'backup.fs_not_a_folder', errorParams: { errno: 'ENOTDIR' } });
      expect(formatMessage('zh', overview.lastBackup.errorCode, overview.lastBackup.errorParams)).toMatch(/^\/\S*not-a-directory\S* 中有一段是文件而不是文件夹（ENOTDIR）$/);
      expect(lines.find((l) => l.includes('scheduled backup FAILED'))).toMatch(/^kehu: scheduled backup FAILED: a part of \/\S*not-a-directory\S* is a file, not a folder \(ENOTDIR\)$/);
      expect((await api.app.inject({ method: 'GET', url: '/healthz' })).json().backup.lastBackupStatus).toBe('failed');
    } finally {
      scheduler.stop();
      await api.call('PATCH', '/api/v1/backups/settings', { directory: null });
    }
  }, JOB_TIMEOUT_MS);

  it('health: sizes, rows per table, integrity, backups and slow routes; maintenance; /metrics only with its token or an admin’s', async () => {
    const health = (await api.call('GET', '/api/v1/health')).json();
    expect(health.dialect).toBe(db().name);
    expect(health.databaseBytes).toBeGreaterThan(0);
    expect(health.integrity).toEqual({ ok: true, problems: [] });
    expect(health.tables.find((t: { name: string }) => t.name === 'users').rows).toBeGreaterThan(0);
    expect(health.lastGoodRestoreTest).not.toBeNull();
    const optimized = await api.call('POST', '/api/v1/health/maintenance', { action: 'optimize' });
    expect(optimized.statusCode).toBe(200);
    expect((await api.call('POST', '/api/v1/health/maintenance', { action: 'drop everything' })).statusCode).toBe(400);

    expect((await api.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const { token: sales } = await api.userToken('sales');
    expect((await api.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${sales}` } })).statusCode).toBe(403);
    expect((await api.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer metrics-secret-12' } })).statusCode).toBe(401);
    const scraped = await api.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer metrics-secret-123' } });
    expect(scraped.statusCode).toBe(200);
    expect(scraped.headers['content-type']).toContain('text/plain');
    expect(scraped.body).toMatch(/kehu_http_requests_total\{method="GET",route="\/api\/v1\/backups",status="2xx"\} \d+/);
    expect(scraped.body).toMatch(/kehu_http_request_duration_seconds_bucket\{method="GET",route="\/api\/v1\/health",le="\+Inf"\} \d+/);
    expect(scraped.body).toMatch(/kehu_database_size_bytes \d+/);
    expect(scraped.body).toMatch(/kehu_backup_age_seconds \d+/);
    expect(scraped.body).toMatch(/kehu_job_last_success\{job="restore_test"\} 1/);
    expect((await api.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${api.token}` } })).statusCode).toBe(200);
  });
});
