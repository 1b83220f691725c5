import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBackupScheduler } from '../../src/core/backup/backup-scheduler.ts';
import { startRun } from '../../src/core/backup/backup-runs.ts';
import { lastDailySlot } from '../../src/domain/backup-schedule.ts';
import { formatMessage } from '../../src/domain/messages.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';

// A server killed (kill -9, a crash, a power cut) during the night's backup left its run "running"
// for ever: /healthz said lastBackupStatus "running", the page listed a run that never ends, and as
// the run held the night's slot, the restarted server did not take the backup it had missed.

forEachDialect('a backup run whose process was killed', (db) => {
  let api: TestApi;
  const dir = mkdtempSync(join(tmpdir(), 'kehu-interrupted-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => {
    api = await createTestApi(db());
  });

  it('is recorded as interrupted at the next turn of the schedule, which then takes the missed backup; a live run is left alone', async () => {
    const clock = new FakeClock(new Date(Date.now() + 24 * 3_600_000).toISOString());
    const deps = { ...api.deps, clock };
    const now = clock.now();
    const slot = lastDailySlot(now, '02:00', -now.getTimezoneOffset()).slot;
    // what the killed server left: its claim on tonight's slot, naming a process that is gone
    const killed = (await startRun(deps, { kind: 'backup', trigger: 'schedule', slot, actor: null })) as number;
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const runner = JSON.stringify({ runner: `${hostname()}:${deadPid}` });
    await api.deps.db.updateTable('backup_runs').set({ details: runner }).where('id', '=', killed).execute();
    // a restore test this very process is running: alive, not to be touched
    const live = (await startRun(deps, { kind: 'verify', trigger: 'cli', actor: null })) as number;
    expect((await api.app.inject({ method: 'GET', url: '/healthz' })).json().backup.lastBackupStatus).toBe('running');

    const lines: string[] = [];
    const scheduler = startBackupScheduler(deps, { dir, secret: null, metricsToken: undefined }, (line) => lines.push(line), 3_600_000);
    try {
      await scheduler.tick();
    } finally {
      scheduler.stop();
    }
    const runs = (await api.call('GET', '/api/v1/backups/runs')).json().items as Array<{ id: number; kind: string; status: string; errorCode: string | null; errorParams: Record<string, string> | null; finishedAt: string | null }>;
    const interrupted = runs.find((r) => r.id === killed);
    expect(interrupted).toMatchObject({ status: 'failed', errorCode: 'backup.interrupted', finishedAt: expect.any(String) });
    expect(formatMessage('zh', 'backup.interrupted', {})).toMatch(/^已中断/);
    expect(lines.some((l) => l.includes(`backup runs ${killed} were interrupted`))).toBe(true);
    const retaken = runs.find((r) => r.kind === 'backup' && r.id > killed);
    expect(retaken).toMatchObject({ status: 'ok' });
    expect((await api.app.inject({ method: 'GET', url: '/healthz' })).json().backup.lastBackupStatus).toBe('ok');
    expect(runs.find((r) => r.id === live)?.status).toBe('running');
    await api.deps.db.deleteFrom('backup_runs').where('id', '=', live).execute();
  }, 300_000);
});
