import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/core/config.ts';
import { startServer, type RunningServer } from '../../src/server/main.ts';
import { runKehuProcess } from '../support/cli.ts';

describe('starting the server on an empty data directory', () => {
  let server: RunningServer | undefined;
  let dataDir = '';
  afterEach(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the SQLite file, migrates, and explains how to create the first admin', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kehu-start-'));
    const lines: string[] = [];
    server = await startServer(readConfig({ KEHU_DATA_DIR: dataDir, PORT: '0' }), (l) => lines.push(l));
    expect(lines.join('\n')).toContain('npx kehu users add --email');
    expect(lines.join('\n')).toContain(join(dataDir, 'kehu.sqlite'));
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
  });

  it('creates the admin from KEHU_ADMIN_EMAIL and KEHU_ADMIN_PASSWORD', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kehu-start-'));
    const lines: string[] = [];
    const env = { KEHU_DATA_DIR: dataDir, PORT: '0', KEHU_ADMIN_EMAIL: 'Boss@Example.com', KEHU_ADMIN_PASSWORD: 'correct horse battery' };
    server = await startServer(readConfig(env), (l) => lines.push(l));
    expect(lines.join('\n')).toContain('created the admin boss@example.com');
    await server.close();
    lines.length = 0;
    server = await startServer(readConfig(env), (l) => lines.push(l));
    expect(lines.join('\n')).not.toContain('created the admin');
  });

  it('`kehu backup restore` on the file a running server serves says so (the server does not pause its writes for it)', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kehu-start-'));
    server = await startServer(readConfig({ KEHU_DATA_DIR: dataDir, PORT: '0' }), () => undefined);
    const env = { KEHU_DATA_DIR: dataDir, KEHU_LANG: 'en' };
    const whileServing = await runKehuProcess(['backup', 'restore', 'kehu-20260101-000000-manual.kehubackup', '--force'], env);
    expect(whileServing.stderr).toContain(`warning: a kehu server (process ${process.pid}, ${server.url}) is serving this database`);
    await server.close();
    server = undefined;
    const stopped = await runKehuProcess(['backup', 'restore', 'kehu-20260101-000000-manual.kehubackup', '--force'], env);
    expect(stopped.stderr).not.toContain('warning');
    expect(stopped.stderr).toContain('kehu-20260101-000000-manual.kehubackup');
  });

  it('rejects a nonsense PORT or region with a clear message', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT must be a port number/);
    expect(() => readConfig({ KEHU_DEFAULT_REGION: 'China' })).toThrow(/two-letter region/);
  });
});
