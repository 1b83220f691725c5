import { linkSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Deps } from '../../src/core/context.ts';
import { SQLITE_FILE } from '../../src/core/db/create-db.ts';
import { seedDemo } from '../../src/core/seed/seed-demo.ts';
import { cliEnv, runKehu } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

// SQLite only: a PostgreSQL database is no file an archive could be written over.
let db: TestDatabase & { drop(): Promise<void> };
const dir = mkdtempSync(join(tmpdir(), 'kehu-archive-target-'));

beforeAll(async () => {
  db = await createTestDatabase('sqlite');
  const deps: Deps = { db: db.db, dialect: db.dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
  await seedDemo(deps, { customers: 3 });
}, 120_000);

afterAll(async () => {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

it('archive export --force never writes the archive over the live SQLite database, however the file is named', async () => {
  const file = join(db.dataDir, SQLITE_FILE);
  const header = () => readFileSync(file).subarray(0, 16).toString('latin1');
  expect(header()).toBe('SQLite format 3\u0000');
  symlinkSync(file, join(dir, 'link.sqlite'));
  linkSync(file, join(dir, 'hard.sqlite'));
  const names = [file, join(db.dataDir, '..', basename(db.dataDir), SQLITE_FILE), `${file}-wal`, join(dir, 'link.sqlite'), join(dir, 'hard.sqlite')];
  for (const name of names) {
    const run = await runKehu(['archive', 'export', name, '--force'], cliEnv(db));
    expect(run.code, name).toBe(2);
    expect(run.stderr, name).toContain(`${name} is the database itself: write the archive to another file`);
    const zh = await runKehu(['--lang', 'zh', 'archive', 'export', name, '--force'], cliEnv(db));
    expect(zh.stderr, name).toContain(`${name} 就是数据库本身`);
  }
  expect(header()).toBe('SQLite format 3\u0000');
  const list = await runKehu(['export', '--out', join(dir, 'customers.csv')], cliEnv(db));
  expect(list.code, list.stderr).toBe(0);
  // beside it is fine
  expect((await runKehu(['archive', 'export', join(db.dataDir, 'kehu.tar.gz')], cliEnv(db))).code).toBe(0);
});
