import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

// An admin who points the backups at a file (or a path under one): the page still opens, so the
// directory can be changed back, and pruning there says what is wrong; never a 500.

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

  for (const directory of [aFile, join(aFile, 'sub')]) {
    it(`${directory.endsWith('sub') ? 'a path under a file' : 'a file'}: the page lists no files, prune answers 400 with its code, the directory can be set back`, async () => {
      expect((await api.call('PATCH', '/api/v1/backups/settings', { directory })).statusCode).toBe(200);
      const page = await api.call('GET', '/api/v1/backups');
      expect(page.statusCode).toBe(200);
      expect(page.json()).toMatchObject({ directory, files: [] });
      const prune = await api.call('POST', '/api/v1/backups/prune', undefined, { 'accept-language': 'zh' });
      expect(prune.statusCode).toBe(400);
      expect(prune.json()).toMatchObject({ code: 'backup.fs_not_a_folder', params: { errno: 'ENOTDIR' } });
      expect(prune.json().detail).toContain('is a file, not a folder');
      const runs = (await api.call('GET', '/api/v1/backups/runs')).json().items as Array<{ kind: string; status: string; errorCode: string | null }>;
      expect(runs[0]).toMatchObject({ kind: 'prune', status: 'failed', errorCode: 'backup.fs_not_a_folder' });
      expect((await api.call('PATCH', '/api/v1/backups/settings', { directory: null })).json().directory).toBeNull();
      expect((await api.call('GET', '/api/v1/backups')).json().directory).toBe(join(work, 'backups'));
    });
  }
});
