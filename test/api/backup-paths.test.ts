import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatMessage } from '../../src/domain/messages.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

// The backup directory an admin chooses must be a folder kehu can write to: said when it is saved,
// inline under the field, with the setting unchanged — not by the night's backup failing. One that
// stops being a folder afterwards still lets the page open, and pruning there says what is wrong.

forEachDialect('a backup directory that is not a folder', (db) => {
  let api: TestApi;
  const work = mkdtempSync(join(tmpdir(), 'kehu-api-backup-paths-'));
  const aFile = join(work, 'a-file.txt');
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  beforeAll(async () => {
    writeFileSync(aFile, 'not a folder\n');
    api = await createTestApi(db());
    (api.app as unknown as { backupConfig: unknown }).backupConfig = { dir: join(work, 'backups'), secret: null, metricsToken: undefined };
  });

  const settings = async () => (await api.call('GET', '/api/v1/backups/settings')).json() as { directory: string | null; time: string; updatedAt: string | null };

  it('refuses a path that is missing, a file, under a file, or not writable, naming the field in the reader’s language; nothing changes', async () => {
    const before = await settings();
    const audited = async () => (await api.deps.db.selectFrom('audit_log').select('id').where('entity', '=', 'backup_settings').execute()).length;
    const auditedBefore = await audited();
    const cases: Array<[string, string, Record<string, string>, RegExp, RegExp]> = [
      [join(work, 'no-such-folder'), 'backup.dir_missing', {}, /the backup folder .*no-such-folder does not exist/, /备份文件夹 .*no-such-folder 不存在/],
      [aFile, 'backup.dir_not_a_folder', {}, /a-file\.txt is not a folder/, /a-file\.txt 不是文件夹/],
      [join(aFile, 'sub'), 'backup.dir_not_a_folder', {}, /a-file\.txt\/sub is not a folder/, /a-file\.txt\/sub 不是文件夹/],
      // a folder that exists and refuses files (even to root): kehu's probe file cannot be made
      ['/sys', 'backup.dir_not_writable', { errno: 'EACCES' }, /kehu cannot write to \/sys \(EACCES\)/, /kehu 无法写入 \/sys（EACCES）/],
    ];
    for (const [directory, code, params, english, chinese] of cases) {
      const response = await api.call('PATCH', '/api/v1/backups/settings', { directory, time: '04:00' });
      expect(response.statusCode, directory).toBe(400);
      const problem = response.json() as { errors: Array<{ field: string; code: string; message: string; params: Record<string, string> }> };
      expect(problem.errors).toHaveLength(1);
      expect(problem.errors[0]).toMatchObject({ field: 'directory', code, params: { path: directory, ...params } });
      expect(problem.errors[0]?.message).toMatch(english);
      // the web app says it in Chinese from the code and its params
      expect(formatMessage('zh', code, problem.errors[0]?.params ?? {})).toMatch(chinese);
    }
    expect(await settings()).toEqual(before);
    expect(await audited()).toBe(auditedBefore);
    expect(readdirSync(work).sort()).toEqual(['a-file.txt']);
  });

  it('accepts a folder kehu can write to, leaving no probe file behind; a rep may not change it', async () => {
    const folder = join(work, 'chosen');
    mkdirSync(folder);
    const rep = await api.userToken('sales');
    expect((await api.call('PATCH', '/api/v1/backups/settings', { directory: folder }, {}, rep.token)).statusCode).toBe(403);
    expect((await api.call('PATCH', '/api/v1/backups/settings', { directory: join(work, 'missing') }, {}, rep.token)).statusCode).toBe(403);
    const saved = await api.call('PATCH', '/api/v1/backups/settings', { directory: folder });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().directory).toBe(folder);
    expect(readdirSync(folder)).toEqual([]);
    rmSync(folder, { recursive: true });
    expect((await api.call('PATCH', '/api/v1/backups/settings', { directory: null })).json().directory).toBeNull();
  });

  it('a chosen folder that became a file: the page lists no files, prune answers 400 with its code, the directory can be set back', async () => {
    const folder = join(work, 'became-a-file');
    mkdirSync(folder);
    expect((await api.call('PATCH', '/api/v1/backups/settings', { directory: folder })).statusCode).toBe(200);
    rmSync(folder, { recursive: true });
    writeFileSync(folder, 'not a folder any more\n');
    const page = await api.call('GET', '/api/v1/backups');
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ directory: folder, files: [] });
    const prune = await api.call('POST', '/api/v1/backups/prune', undefined, { 'accept-language': 'zh' });
    expect(prune.statusCode).toBe(400);
    expect(prune.json()).toMatchObject({ code: 'backup.fs_not_a_folder', params: { errno: 'ENOTDIR' } });
    expect(prune.json().detail).toContain('is a file, not a folder');
    const runs = (await api.call('GET', '/api/v1/backups/runs')).json().items as Array<{ kind: string; status: string; errorCode: string | null }>;
    expect(runs[0]).toMatchObject({ kind: 'prune', status: 'failed', errorCode: 'backup.fs_not_a_folder' });
    expect((await api.call('PATCH', '/api/v1/backups/settings', { directory: null })).json().directory).toBeNull();
    expect((await api.call('GET', '/api/v1/backups')).json().directory).toBe(join(work, 'backups'));
  });

  it('a chosen folder that is gone (an unmounted disk): prune says it does not exist and makes nothing', async () => {
    const folder = join(work, 'unmounted');
    mkdirSync(folder);
    expect((await api.call('PATCH', '/api/v1/backups/settings', { directory: folder })).statusCode).toBe(200);
    rmSync(folder, { recursive: true });
    const prune = await api.call('POST', '/api/v1/backups/prune');
    expect(prune.statusCode).toBe(400);
    expect(prune.json()).toMatchObject({ code: 'backup.dir_missing', params: { path: folder } });
    expect(readdirSync(work)).not.toContain('unmounted');
    expect((await api.call('PATCH', '/api/v1/backups/settings', { directory: null })).statusCode).toBe(200);
  });

  it('a chosen folder that is gone: a backup fails, recorded and said in both languages, and makes no folder on the local disk', async () => {
    const folder = join(work, 'share');
    mkdirSync(folder);
    expect((await api.call('PATCH', '/api/v1/backups/settings', { directory: folder })).statusCode).toBe(200);
    rmSync(folder, { recursive: true });
    const before = (await api.deps.db.selectFrom('backup_runs').select('id').execute()).length;
    expect((await api.call('POST', '/api/v1/backups')).statusCode).toBe(202);
    type Run = { id: number; kind: string; status: string; file: string | null; errorCode: string | null; errorParams: Record<string, string> | null };
    let run: Run | undefined;
    while (!run) {
      const runs = (await api.call('GET', '/api/v1/backups/runs')).json().items as Run[];
      run = runs.find((r) => r.kind === 'backup' && r.status !== 'running' && r.id > before);
      if (!run) await new Promise((r) => setTimeout(r, 50));
    }
    expect(run).toMatchObject({ status: 'failed', file: null, errorCode: 'backup.chosen_dir_missing', errorParams: { path: folder } });
    expect(formatMessage('en', 'backup.chosen_dir_missing', run.errorParams ?? {})).toMatch(/share chosen on the admin page is not there .*no backup was taken/);
    expect(formatMessage('zh', 'backup.chosen_dir_missing', run.errorParams ?? {})).toMatch(/备份文件夹 .*share 不在.*没有进行备份/);
    expect(readdirSync(work)).not.toContain('share');
    expect((await api.call('PATCH', '/api/v1/backups/settings', { directory: null })).statusCode).toBe(200);
  });

  it('a chosen folder whose disk is away: the rest of the settings still change (the page sends the folder as it stands); a new missing folder is still refused', async () => {
    const folder = join(work, 'nas');
    mkdirSync(folder);
    expect((await api.call('PATCH', '/api/v1/backups/settings', { directory: folder })).statusCode).toBe(200);
    rmSync(folder, { recursive: true });
    // what the settings dialog sends to turn the nightly backup off while the share is down
    const saved = await api.call('PATCH', '/api/v1/backups/settings', { ...(await settings()), updatedAt: undefined, updatedBy: undefined, enabled: false, time: '05:00' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ directory: folder, enabled: false, time: '05:00' });
    const other = await api.call('PATCH', '/api/v1/backups/settings', { directory: join(work, 'nas-2') });
    expect(other.statusCode).toBe(400);
    expect(other.json().errors[0]).toMatchObject({ field: 'directory', code: 'backup.dir_missing' });
    expect(readdirSync(work)).not.toContain('nas');
    expect((await api.call('PATCH', '/api/v1/backups/settings', { directory: null, enabled: true, time: '02:00' })).statusCode).toBe(200);
  });
});
