import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBackupScheduler } from '../../src/core/backup/backup-scheduler.ts';
import { formatMessage } from '../../src/domain/messages.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';

// The weekly restore test of a chosen folder that stopped being one (a share mounted over by a file,
// a path that became a file) must fail where the admin looks — the page, /healthz — as the nightly
// backup does, not only in the log, once a minute, with the page still showing the last good test.

forEachDialect('the weekly restore test when the backup folder cannot be read', (db) => {
  let api: TestApi;
  const work = mkdtempSync(join(tmpdir(), 'kehu-schedule-folder-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  beforeAll(async () => {
    api = await createTestApi(db());
  });

  it('is recorded as a failed restore test with the folder’s problem in both languages, once for its slot (and logged once, not at every turn)', async () => {
    const clock = new FakeClock(new Date(Date.now() + 24 * 3_600_000).toISOString());
    const deps = { ...api.deps, clock };
    const folder = join(work, 'share');
    mkdirSync(folder);
    // the nightly backup off: only the restore test is due, today, an hour ago
    const now = clock.now();
    const verifyTime = `${String(new Date(now.getTime() - 3_600_000).getHours()).padStart(2, '0')}:00`;
    const saved = await api.call('PATCH', '/api/v1/backups/settings', { directory: folder, enabled: false, verifyWeekday: new Date(now.getTime() - 3_600_000).getDay(), verifyTime });
    expect(saved.statusCode, saved.body).toBe(200);
    rmSync(folder, { recursive: true });
    writeFileSync(folder, 'a file where the folder was\n');
    const lines: string[] = [];
    const ticking = startBackupScheduler(deps, { dir: join(work, 'default'), secret: null, metricsToken: undefined }, (line) => lines.push(line), 3_600_000);
    try {
      await ticking.tick();
      await ticking.tick();
    } finally {
      ticking.stop();
    }
    const runs = (await api.call('GET', '/api/v1/backups/runs')).json().items as Array<{ kind: string; trigger: string; status: string; errorCode: string | null; errorParams: Record<string, string> | null }>;
    const tests = runs.filter((r) => r.kind === 'verify' && r.trigger === 'schedule');
    expect(tests).toHaveLength(1);
    expect(tests[0]).toMatchObject({ status: 'failed', errorCode: 'backup.fs_not_a_folder', errorParams: { errno: 'ENOTDIR' } });
    expect(formatMessage('zh', tests[0]?.errorCode as string, tests[0]?.errorParams ?? {})).toMatch(/share.* 中有一段是文件而不是文件夹（ENOTDIR）$/);
    expect((await api.app.inject({ method: 'GET', url: '/healthz' })).json().backup.lastRestoreTestStatus).toBe('failed');
    expect(lines.filter((l) => l.startsWith('kehu: scheduled restore test FAILED'))).toHaveLength(1);
  }, 120_000);
});
