import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { ensurePrivateDir, ensurePrivateFile, PRIVATE_FILE, tighten } from '../files/private-files.ts';
import type { Dialect } from './dialects/dialect.ts';
import { postgresDialect } from './dialects/postgres.ts';
import { sqliteDialect } from './dialects/sqlite.ts';
import { statementCachingDatabase } from './dialects/sqlite-statements.ts';
import type { Schema } from './schema.ts';

export interface Database {
  db: Kysely<Schema>;
  dialect: Dialect;
  /** Where the data lives, for messages: a file path or a redacted URL. */
  location: string;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  /** postgres://… selects PostgreSQL; otherwise SQLite in `dataDir`. */
  url?: string | undefined;
  dataDir: string;
  /** SQLite file name inside dataDir. */
  fileName?: string;
}

export const SQLITE_FILE = 'kehu.sqlite';

/** A postgres:// URL selects PostgreSQL; anything else, SQLite. */
export const isPostgresUrl = (url: string | undefined): url is string => url !== undefined && /^postgres(ql)?:\/\//.test(url);

/** The URL without its password, for messages. */
export const redactedUrl = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

export function openDatabase(config: DatabaseConfig): Database {
  return isPostgresUrl(config.url) ? openPostgres(config.url) : openSqlite(config);
}

function openSqlite(config: DatabaseConfig): Database {
  ensurePrivateDir(config.dataDir);
  const file = join(config.dataDir, config.fileName ?? SQLITE_FILE);
  // SQLite gives its -wal and -shm files the database file's mode, so a private file keeps them private.
  ensurePrivateFile(file);
  for (const companion of [`${file}-wal`, `${file}-shm`, `${file}-journal`]) tighten(companion, PRIVATE_FILE);
  const connection = new SqliteDatabase(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  connection.pragma('synchronous = NORMAL');
  // Reads through a memory map skip a copy per page: reading one customer takes half the time.
  connection.pragma('mmap_size = 1073741824');
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: statementCachingDatabase(connection) }) });
  return { db, dialect: sqliteDialect(connection), location: file, close: () => db.destroy() };
}

const toIsoTimestamp = (parse: (v: string) => unknown) => (value: string) => (parse(value) as Date).toISOString();

function pgTypes(): pg.CustomTypesConfig {
  const { builtins, getTypeParser } = pg.types;
  const parsers: Partial<Record<number, (value: string) => unknown>> = {
    [builtins.INT8]: Number,
    [builtins.NUMERIC]: Number,
    [builtins.DATE]: (value: string) => value,
    [builtins.TIMESTAMPTZ]: toIsoTimestamp(getTypeParser(builtins.TIMESTAMPTZ)),
    [builtins.TIMESTAMP]: toIsoTimestamp(getTypeParser(builtins.TIMESTAMP)),
  };
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      parsers[oid] ?? getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
  };
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.KEHU_PG_POOL ?? 10), types: pgTypes() });
  // An idle client losing its connection must not crash the server; the next query reconnects.
  pool.on('error', () => undefined);
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: postgresDialect(url), location: redactedUrl(url), close: () => db.destroy() };
}
