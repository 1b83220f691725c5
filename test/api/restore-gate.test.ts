import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runRestore } from '../../src/core/backup/backup-jobs.ts';
import type { BackupConfig } from '../../src/core/backup/backup-config.ts';
import { readBackupFile } from '../../src/core/backup/read-backup-file.ts';
import type { WriteGate } from '../../src/core/backup/write-gate.ts';
import { formatMessage } from '../../src/domain/messages.ts';
import { startBackupScheduler } from '../../src/core/backup/backup-scheduler.ts';
import { startPoolTimer } from '../../src/core/pool/pool-timer.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';

interface Run {
  kind: string;
  status: string;
  file: string | null;
  errorCode: string | null;
  details: { safetyBackup?: string } | null;
}

forEachDialect('a restore pauses the server’s writes', (db) => {
  let api: TestApi;
  let base: string;
  let gate: WriteGate;
  const dir = mkdtempSync(join(tmpdir(), 'kehu-restore-gate-'));
  const config: BackupConfig = { dir, secret: null, metricsToken: undefined };

  beforeAll(async () => {
    api = await createTestApi(db());
    gate = api.deps.writeGate as WriteGate;
    (api.app as unknown as { backupConfig: BackupConfig }).backupConfig = config;
    base = await api.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await api.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Real HTTP, with the admin's token.
  const http = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${api.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const customerNames = async () => ((await http('GET', '/api/v1/customers?limit=200')).json.items as Array<{ name: string }>).map((c) => c.name).sort();
  const create = (name: string) => http('POST', '/api/v1/customers', { kind: 'company', name });

  // However long the job takes on a busy machine: its run is followed until it is recorded as finished.
  const settle = async (kind: string, file?: string): Promise<Run> => {
    for (;;) {
      // (on PostgreSQL, while its tables are replaced, reads answer 503 too)
      const runs = ((await http('GET', '/api/v1/backups/runs')).json.items ?? []) as Run[];
      const run = runs.find((r) => r.kind === kind && (file === undefined || r.file === file));
      if (run && run.status !== 'running' && gate.restoring === null) return run;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  // A job is started once the one before has let go of the server's job slot (409 backup.running until then).
  const startJob = async (path: string, body?: unknown) => {
    for (;;) {
      const started = await http('POST', path, body);
      if (started.status !== 409 || started.json.code !== 'backup.running') return started;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  /** Takes a backup through the API and waits for it: its file name (one not in the directory before). */
  const backUp = async (): Promise<string> => {
    const before = new Set(readdirSync(dir));
    expect((await startJob('/api/v1/backups')).status).toBe(202);
    for (;;) {
      const runs = ((await http('GET', '/api/v1/backups/runs')).json.items ?? []) as Run[];
      const run = runs.find((r) => r.kind === 'backup' && r.file !== null && !before.has(r.file));
      if (run && run.status !== 'running') {
        expect(run.status).toBe('ok');
        return run.file as string;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const until = async (condition: () => boolean | Promise<boolean>) => {
    while (!(await condition())) await new Promise((r) => setTimeout(r, 20));
  };
  const JOB_TIMEOUT_MS = 300_000;

  /** A customer created over real HTTP whose body arrives in two parts: admitted at the first, finished at `finish()`. */
  function slowCreate(name: string) {
    const body = JSON.stringify({ kind: 'company', name });
    const url = new URL('/api/v1/customers', base);
    let answer: Promise<{ status: number; body: string }> = Promise.resolve({ status: 0, body: '' });
    const request = httpRequest(url, { method: 'POST', headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } });
    answer = new Promise((resolve, reject) => {
      request.on('response', (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      });
      request.on('error', reject);
    });
    request.write(body.slice(0, 10));
    return {
      finish: () => {
        request.end(body.slice(10));
        return answer;
      },
    };
  }

  it(
    'writes get 503 server.restoring and change nothing, reads answer, a write already running is waited for and kept in the safety backup; then the restored data is served and writes are taken again',
    async () => {
      expect((await create('Before the backup')).status).toBe(201);
      const name = await backUp();
      expect((await create('After the backup')).status).toBe(201);
      const dashboardBefore = await http('GET', '/api/v1/reports/dashboard');
      expect(dashboardBefore.status).toBe(200);

      // A change already on its way when the restore starts: admitted, its body not all sent yet.
      const running = slowCreate('Already on its way');
      await until(() => gate.running === 1);
      expect((await startJob(`/api/v1/backups/${name}/restore`, { confirm: name, force: true })).status).toBe(202);
      await until(() => gate.restoring?.phase === 'waiting');

      const refused = await create('During the restore');
      expect(refused.status).toBe(503);
      expect(refused.json.code).toBe('server.restoring');
      expect(refused.headers.get('retry-after')).toBe('30');
      expect(formatMessage('zh', 'server.restoring')).toContain('正在恢复备份');
      const someone = ((await http('GET', '/api/v1/customers?limit=200')).json.items as Array<{ id: number; version: number }>)[0] as { id: number; version: number };
      expect((await http('PATCH', `/api/v1/customers/${someone.id}`, { name: 'Renamed during the restore' })).status).toBe(503);
      expect((await http('DELETE', `/api/v1/customers/${someone.id}`)).status).toBe(503);
      expect((await http('POST', '/api/v1/backups')).status).toBe(503);
      // Reads are answered, and /healthz says what is going on.
      expect(await customerNames()).toEqual(['After the backup', 'Before the backup']);
      const health = await http('GET', '/healthz');
      expect(health.status).toBe(200);
      expect(health.json.restore).toMatchObject({ phase: 'waiting', file: name });

      // The change on its way finishes, and only then does the restore go on.
      const finished = await running.finish();
      expect(finished.status).toBe(201);
      const restore = await settle('restore', name);
      expect(restore.status).toBe('ok');

      // The server answers with the backup's data at once; what came after is in the safety backup.
      expect(await customerNames()).toEqual(['Before the backup']);
      const dashboardAfter = await http('GET', '/api/v1/reports/dashboard');
      expect(dashboardAfter.status).toBe(200);
      expect(JSON.stringify(dashboardAfter.json)).not.toBe(JSON.stringify(dashboardBefore.json));
      const safety = readBackupFile(join(dir, restore.details?.safetyBackup as string)).manifest;
      expect(safety.digests.customers?.rows).toBe(3);
      expect((await http('GET', '/healthz')).json.restore).toBeNull();
      expect((await create('After the restore')).status).toBe(201);
      expect(await customerNames()).toEqual(['After the restore', 'Before the backup']);
    },
    JOB_TIMEOUT_MS,
  );

  it(
    'a failed restore opens the gate again: a damaged file, then a wrong passphrase',
    async () => {
      const damaged = 'kehu-20260101-000000-manual.kehubackup';
      writeFileSync(join(dir, damaged), 'KEHUBAK1');
      expect((await startJob(`/api/v1/backups/${damaged}/restore`, { confirm: damaged, force: true })).status).toBe(202);
      expect((await settle('restore', damaged)).status).toBe('failed');
      expect((await create('After a damaged file')).status).toBe(201);

      config.secret = { passphrase: 'the right passphrase' };
      const encrypted = await backUp();
      config.secret = { passphrase: 'a wrong passphrase' };
      try {
        expect((await startJob(`/api/v1/backups/${encrypted}/restore`, { confirm: encrypted, force: true })).status).toBe(202);
        const failed = await settle('restore', encrypted);
        expect(failed.status).toBe('failed');
        expect(failed.errorCode).toMatch(/^backup\./);
      } finally {
        config.secret = null;
      }
      expect((await http('GET', '/healthz')).json.restore).toBeNull();
      const after = await create('After a wrong passphrase');
      expect(after.status).toBe(201);
      expect(await customerNames()).toContain('After a wrong passphrase');
    },
    JOB_TIMEOUT_MS,
  );

  it('changes that do not finish in time: the restore is refused with backup.writes_busy, restores nothing, and writes go on', async () => {
    const name = await backUp();
    expect((await create('Made after that backup')).status).toBe(201);
    const importRunning = gate.hold();
    try {
      const context = { deps: api.deps, config, trigger: 'api' as const, actor: null };
      await expect(runRestore(context, name, { force: true, namesOnly: true, drainWaitMs: 100 })).rejects.toMatchObject({ messageCode: 'backup.writes_busy' });
    } finally {
      importRunning();
    }
    expect(gate.restoring).toBeNull();
    expect(await customerNames()).toContain('Made after that backup');
    expect((await create('Still writable')).status).toBe(201);
  });

  it('the server’s own jobs skip their turn while a restore runs: no scheduled backup, no return to the pool', async () => {
    const clock = new FakeClock(new Date(Date.now() + 2 * 24 * 3_600_000).toISOString());
    const deps = { ...api.deps, clock };
    const runs = async () => (await api.deps.db.selectFrom('backup_runs').select('id').execute()).length;
    const scheduler = startBackupScheduler(deps, config, () => undefined, 3_600_000);
    const pool = startPoolTimer(deps, () => undefined);
    try {
      await gate.close('kehu-20260101-000000-manual.kehubackup', new Date());
      const before = await runs();
      try {
        await scheduler.tick();
        expect(await pool.tick()).toBeNull();
        expect(await runs()).toBe(before);
      } finally {
        gate.open();
      }
      // the same turn after the restore runs the backup that is due
      await scheduler.tick();
      expect(await runs()).toBeGreaterThan(before);
    } finally {
      scheduler.stop();
      pool.stop();
    }
  });

  it('while the tables are replaced where reads would wait (PostgreSQL), reads answer 503 at once and /healthz still answers', async () => {
    await gate.close('kehu-20260101-000000-manual.kehubackup', new Date());
    try {
      gate.update('restoring', null, true);
      const read = await http('GET', '/api/v1/customers');
      expect(read.status).toBe(503);
      expect(read.json.code).toBe('server.restoring_reads');
      expect(read.headers.get('retry-after')).toBe('30');
      const health = await http('GET', '/healthz');
      expect(health.status).toBe(200);
      expect(health.json.restore).toMatchObject({ phase: 'restoring', readsPaused: true });
    } finally {
      gate.open();
    }
    expect((await http('GET', '/api/v1/customers')).status).toBe(200);
  });
});
