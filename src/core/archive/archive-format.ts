import type { AppliedMigration, ColumnInfo } from '../db/dialects/housekeeping.ts';

/** Bumped when a reader of the previous version could misread a new archive. */
export const ARCHIVE_FORMAT_VERSION = 1;
export const HEADER_FILE = 'kehu-archive.json';
export const MANIFEST_FILE = 'manifest.json';
/** A table's rows are split into files of about this many bytes (uncompressed). */
export const PART_BYTES = 8 * 1024 * 1024;
/** The largest file a reader accepts inside an archive. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Tables that describe this one database's machinery rather than its data: never archived. */
export const LOCAL_TABLES = new Set(['kehu_migrations', 'kehu_migration_lock', 'deferred_indexes']);

export const partName = (table: string, part: number) => `tables/${table}/${String(part).padStart(6, '0')}.ndjson`;
export const partPattern = /^tables\/([a-z0-9_]+)\/(\d{6})\.ndjson$/;

export interface ArchivedTable {
  name: string;
  columns: ColumnInfo[];
  primaryKey: string[];
}

/** The first file of an archive: enough to prepare an empty database for the rows that follow. */
export interface ArchiveHeader {
  format: 'kehu-archive';
  formatVersion: number;
  kehuVersion: string;
  createdAt: string;
  sourceDialect: 'sqlite' | 'postgres';
  migrations: AppliedMigration[];
  tables: ArchivedTable[];
}

export interface TableDigest {
  rows: number;
  /** sha256 (hex) of the table's NDJSON lines, each ending in \n, in primary-key order */
  sha256: string;
}

/** The last file: what the rows must add up to, and what the data needs to be read. */
export interface ArchiveManifest extends ArchiveHeader {
  digests: Record<string, TableDigest>;
  audit: { entries: number; headHash: string | null };
  /** ids of the encryption keys that encrypted values in the data were written with (never the keys) */
  keyIds: string[];
}
