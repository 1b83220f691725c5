import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../../src/core/backup/create-backup.ts';
import { KEYRING_FILE, loadKeyring } from '../../src/core/crypto/load-keyring.ts';
import { openDatabase, SQLITE_FILE } from '../../src/core/db/create-db.ts';
import { migrate } from '../../src/core/db/migrate.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';
import { form } from '../support/uploads.ts';

// Customer data, keys, backups and uploads are readable by kehu's own user only, whatever the
// umask, on new installs and on installs made before kehu kept them private.

const modeOf = (path: string) => statSync(path).mode & 0o777;
const scratch = mkdtempSync(join(tmpdir(), 'kehu-perms-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the SQLite data directory', () => {
  it('is created private: directory 0700, database, WAL, SHM, key file and migration backup 0600', async () => {
    const dataDir = join(scratch, 'fresh', 'data');
    const database = openDatabase({ dataDir });
    await migrate(database);
    await createBackup(database, new Date(), { dir: join(dataDir, 'backups'), trigger: 'manual', secret: null });
    loadKeyring({ secretKey: undefined, dataDir });
    try {
      expect(modeOf(dataDir)).toBe(0o700);
      const file = join(dataDir, SQLITE_FILE);
      for (const path of [file, `${file}-wal`, `${file}-shm`, join(dataDir, KEYRING_FILE)]) {
        expect(existsSync(path), path).toBe(true);
        expect(modeOf(path), path).toBe(0o600);
      }
      expect(modeOf(join(dataDir, 'backups'))).toBe(0o700);
      for (const backup of readdirSync(join(dataDir, 'backups'))) expect(modeOf(join(dataDir, 'backups', backup))).toBe(0o600);
    } finally {
      await database.close();
    }
  });

  it('is made private at start on an existing install that was readable by all', async () => {
    const dataDir = join(scratch, 'old', 'data');
    const first = openDatabase({ dataDir });
    await migrate(first);
    await first.close();
    loadKeyring({ secretKey: undefined, dataDir });
    const file = join(dataDir, SQLITE_FILE);
    for (const leftover of [`${file}-wal`, `${file}-shm`]) closeSync(openSync(leftover, 'a'));
    for (const path of [file, `${file}-wal`, `${file}-shm`, join(dataDir, KEYRING_FILE)]) chmodSync(path, 0o644);
    chmodSync(dataDir, 0o755);
    const again = openDatabase({ dataDir });
    loadKeyring({ secretKey: undefined, dataDir });
    try {
      expect(modeOf(dataDir)).toBe(0o700);
      for (const path of [file, `${file}-wal`, `${file}-shm`, join(dataDir, KEYRING_FILE)]) expect(modeOf(path), path).toBe(0o600);
    } finally {
      await again.close();
    }
  });

  it('leaves a shared directory such as /tmp as it is', () => {
    const shared = join(scratch, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const database = openDatabase({ dataDir: shared });
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
    expect(modeOf(join(shared, SQLITE_FILE))).toBe(0o600);
    return database.close();
  });
});

forEachDialect('uploaded files', (db) => {
  let api: TestApi;
  let uploads: string;
  beforeAll(async () => {
    uploads = join(scratch, `uploads-${db().name}`, 'imports');
    process.env.KEHU_IMPORT_DIR = uploads;
    api = await createTestApi(db());
  });

  it('wait in a directory for kehu only', async () => {
    const body = form({ name: 'people.csv', bytes: Buffer.from('name,phone\n张三,13812345678\n') });
    const response = await api.app.inject({ method: 'POST', url: '/api/v1/imports/preview', payload: body.payload, headers: { authorization: `Bearer ${api.token}`, ...body.headers } });
    expect(response.statusCode).toBe(200);
    expect(modeOf(uploads)).toBe(0o700);
  });
});
