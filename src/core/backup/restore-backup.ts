import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { codedError, isAppError } from '../../domain/errors.ts';
import { MAX_FILE_BYTES } from '../archive/archive-format.ts';
import { assertEmptyDatabase } from '../archive/assert-empty.ts';
import { assertKeysDecrypt, assertKeysPresent } from '../archive/assert-keys.ts';
import { backupPartialPath } from './backup-dir.ts';
import { chunksOf } from '../archive/import-archive.ts';
import { loadArchive } from '../archive/load-archive.ts';
import { readTar } from '../archive/tar.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { openDatabase, type Database } from '../db/create-db.ts';
import type { FileBackup } from '../db/dialects/housekeeping.ts';
import { applyMigration } from '../db/migrate.ts';
import type { Migration } from '../db/migrations/index.ts';
import { digestChecks, failedChecks, migrationGap } from './backup-checks.ts';
import type { RestorePhase } from '../../domain/backup.ts';
import type { BackupSecret } from './backup-format.ts';
import { createBackup, type BackupInfo } from './create-backup.ts';
import { assertPayloadIntact, openPayload, readBackupFile, type BackupFile } from './read-backup-file.ts';
import { digestInWorker } from './sqlite-file-checks.ts';
import { unpackSqlite } from './verify-backup.ts';
import { removeSqliteFiles } from './sqlite-files.ts';

export interface RestoreOptions {
  secret: BackupSecret | null;
  /** replace a database that holds data (a safety backup of it is taken first) */
  force: boolean;
  /** where the safety backup goes, and how it is encrypted */
  dir: string;
  safetySecret: BackupSecret | null;
  /** told as the restore moves on (the server's maintenance gate shows it) */
  onPhase?: (phase: RestorePhase, progress?: number | null, readsPaused?: boolean) => void;
  /** Called once the backup is known good, just before the safety backup: a serving kehu pauses its writes here. */
  closeWrites?: () => Promise<void>;
}

export interface RestoreReport {
  name: string;
  createdAt: string;
  /** the backup file's size (read before the restore: the file may be gone by its end) */
  bytes: number;
  rows: Record<string, number>;
  /** the backup of what was there before, taken first */
  safetyBackup: BackupInfo;
  /** this kehu's newer migrations, run forward over the restored data */
  migrated: string[];
  seconds: number;
}


/**
 * Brings a backup back over the configured database. Refuses — changing nothing — when the backup
 * is newer than this kehu, when the keyring lacks a key its data needs, when it is of the other
 * kind of database, when the database holds data and `force` is not given, or when a SQLite
 * backup's unpacked copy fails its checks. Otherwise it backs up what is there, restores, and runs
 * newer migrations forward.
 */
export async function restoreBackup(
  context: { database: Pick<Database, 'db' | 'dialect'>; crypto: Pick<Keyring, 'keyFor'>; now: Date },
  path: string,
  options: RestoreOptions,
): Promise<RestoreReport> {
  const started = performance.now();
  const { database, now } = context;
  const { dialect } = database;
  const file = readBackupFile(path);
  const { manifest } = file;
  const { unknown, pending } = migrationGap(manifest);
  if (unknown.length > 0) throw codedError('conflict', 'backup.newer_kehu', { file: file.path, version: manifest.kehuVersion, migrations: unknown.join(', ') });
  if (manifest.dialect !== dialect.name) {
    throw codedError('validation', 'backup.other_dialect', { file: basename(path), dialect: manifest.dialect, running: dialect.name });
  }
  assertKeysPresent(context.crypto, manifest.keyIds);
  // Opening the payload checks the passphrase before anything changes.
  (await openPayload(file, options.secret)).destroy();
  const raw = database.db as unknown as Kysely<unknown>;
  if (!options.force) {
    try {
      await assertEmptyDatabase(raw, await dialect.housekeeping.listTables(raw));
    } catch (error) {
      if (isAppError(error) && error.messageCode === 'archive.not_empty') throw codedError('conflict', 'backup.restore_not_empty', error.params);
      throw error;
    }
  }
  const onPhase = options.onPhase ?? (() => undefined);
  const fileBackup = dialect.housekeeping.fileBackup;
  // A SQLite backup is unpacked and checked before anything changes and while writes go on: a
  // damaged one is refused with no safety backup left behind, and writes pause only for the copy.
  const scratch = fileBackup ? backupPartialPath(join(dirname(path), `${basename(path)}.restore.sqlite`)) : null;
  // An archive is opened now and read as it loads: the file may be gone by then (a prune), the open file is not.
  let source: Readable | null = null;
  try {
    let rows: Record<string, number> = {};
    if (fileBackup && scratch) rows = await checkedScratchCopy(context, file, { secret: options.secret, scratch, fileBackup, pending });
    else {
      await assertPayloadIntact(file); // an archive is checked as it loads, inside the transaction: the file's checksum first
      source = await openPayload(file, options.secret);
    }
    await options.closeWrites?.();
    onPhase('safety-backup');
    const safetyBackup = await createBackup(database, now, { dir: options.dir, trigger: 'pre-restore', secret: options.safetySecret });
    let migrated: string[] = [];
    if (fileBackup && scratch) {
      onPhase('restoring');
      // the copy was migrated forward before anything changed: what is copied in is at this kehu's schema
      await fileBackup.restoreFrom(scratch, (copied) => onPhase('restoring', copied));
      migrated = pending.map(([name]) => name);
    } else if (source) {
      // One transaction drops and loads every table: a read meanwhile would wait for its end.
      onPhase('restoring', null, true);
      const report = await loadArchive(database, readTar(chunksOf(source, basename(path)), MAX_FILE_BYTES), { now, requireEmpty: false, keyring: context.crypto });
      rows = report.rows;
      migrated = report.migrated;
    }
    return { name: basename(path), createdAt: manifest.createdAt, bytes: file.bytes, rows, safetyBackup, migrated, seconds: (performance.now() - started) / 1000 };
  } finally {
    source?.destroy();
    if (scratch) await removeSqliteFiles(scratch);
  }
}

/**
 * Unpacks a SQLite backup to `scratch`, checks it against its manifest and runs this kehu's newer
 * migrations on it — all before the live database is touched, so that a migration failing on the
 * backup's data refuses the restore rather than leaving the backup's old schema in place. Its row counts per table.
 */
async function checkedScratchCopy(
  context: { crypto: Pick<Keyring, 'keyFor'>; now: Date },
  file: BackupFile,
  options: { secret: BackupSecret | null; scratch: string; fileBackup: FileBackup; pending: ReadonlyArray<readonly [string, Migration]> },
): Promise<Record<string, number>> {
  const { secret, scratch, fileBackup, pending } = options;
  const name = basename(file.path);
  await unpackSqlite(file, secret, scratch);
  const problems = await fileBackup.integrityCheckFile(scratch);
  if (problems.length > 0) throw codedError('conflict', 'backup.integrity', { file: name, problems: problems.slice(0, 3).join('; ') });
  const found = await digestInWorker(scratch, context.now);
  const wrong = digestChecks(file.manifest.digests, found.digests).filter((c) => !c.ok);
  if (wrong.length > 0) throw codedError('conflict', 'backup.manifest_mismatch', { file: name, ...failedChecks(wrong) });
  const copy = openDatabase({ dataDir: dirname(scratch), fileName: basename(scratch) });
  try {
    await assertKeysDecrypt(context.crypto, copy);
    await migrateCopy(copy, pending, context.now, name);
  } finally {
    await copy.close();
  }
  return Object.fromEntries(Object.entries(found.digests).map(([table, d]) => [table, d.rows]));
}

/** Runs the pending migrations on a restored copy in one transaction; a failure is the restore's refusal, naming the migration. */
async function migrateCopy(copy: Pick<Database, 'db' | 'dialect'>, pending: ReadonlyArray<readonly [string, Migration]>, now: Date, file: string): Promise<void> {
  if (pending.length === 0) return;
  let current = '';
  try {
    await (copy.db as unknown as Kysely<unknown>).transaction().execute(async (trx) => {
      await copy.dialect.lockForMigration(trx);
      for (const migration of pending) {
        current = migration[0];
        await applyMigration(trx, copy.dialect, migration, now.toISOString());
      }
    });
  } catch (error) {
    throw codedError('conflict', 'backup.restore_migrate_failed', { file, migration: current, reason: (error as Error).message });
  }
}
