import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { openDatabase, type Database } from '../../src/core/db/create-db.ts';
import { migrate } from '../../src/core/db/migrate.ts';
import { adminUrl, databaseUrl } from './postgres-urls.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface TestDatabase extends Database {
  name: DialectName;
  /** The SQLite data directory (a fresh temp dir), or '' on PostgreSQL. */
  dataDir: string;
  /** The DATABASE_URL for a child process on PostgreSQL. */
  url: string | undefined;
}

const wanted = (): DialectName[] =>
  (process.env.KEHU_TEST_DIALECTS ?? 'sqlite,postgres').split(',').filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');

/** Runs one statement as the PostgreSQL superuser (create or drop a database). */
export async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated, empty database of the given kind; `drop` removes every trace of it. */
export async function createTestDatabase(name: DialectName): Promise<TestDatabase & { drop(): Promise<void> }> {
  if (name === 'sqlite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'kehu-test-'));
    const database = openDatabase({ dataDir });
    await migrate(database);
    return {
      ...database,
      name,
      dataDir,
      url: undefined,
      async drop() {
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const template = inject('pgTemplate');
  if (!template) throw new Error('PostgreSQL is not available for this run');
  const dbName = `kehu_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(`create database ${dbName} template ${template}`);
  const url = databaseUrl(dbName);
  const database = openDatabase({ url, dataDir: '' });
  return {
    ...database,
    name,
    dataDir: '',
    url,
    async drop() {
      await database.close();
      await adminQuery(`drop database if exists ${dbName} with (force)`);
    },
  };
}

/**
 * Runs a suite once per database kind (KEHU_TEST_DIALECTS narrows it). PostgreSQL suites
 * are skipped with a notice when it is unreachable outside CI.
 */
export function forEachDialect(title: string, body: (db: () => TestDatabase) => void): void {
  for (const name of wanted()) {
    const available = name === 'sqlite' || inject('pgTemplate') !== null;
    describe.skipIf(!available)(`${title} [${name}]`, () => {
      let database: (TestDatabase & { drop(): Promise<void> }) | undefined;
      beforeAll(async () => {
        database = await createTestDatabase(name);
      });
      afterAll(async () => {
        await database?.drop();
      });
      body(() => {
        if (!database) throw new Error('test database not ready');
        return database;
      });
    });
  }
}
