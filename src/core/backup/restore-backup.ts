import { basename, dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import { codedError, isAppError } from '../../domain/errors.ts';
import { MAX_FILE_BYTES } from '../archive/archive-format.ts';
import { assertEmptyDatabase } from '../archive/assert-empty.ts';
import { assertKeysDecrypt, assertKeysPresent } from '../archive/assert-keys.ts';
import { partialPathOf } from '../archive/atomic-file.ts';
import { chunksOf } from '../archive/import-archive.ts';
import { loadArchive } from '../archive/load-archive.ts';
import { readTar } from '../archive/tar.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { openDatabase, type Database } from '../db/create-db.ts';
import type { FileBackup } from '../db/dialects/housekeeping.ts';
import { applyMigration } from '../db/migrate.ts';
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
  const scratch = fileBackup ? partialPathOf(join(dirname(path), `${basename(path)}.restore.sqlite`)) : null;
  try {
    let rows: Record<string, number> = {};
    if (fileBackup && scratch) rows = await checkedScratchCopy(context, file, options.secret, scratch, fileBackup);
    else await assertPayloadIntact(file); // an archive is checked as it loads, inside the transaction: the file's checksum first
    await options.closeWrites?.();
    onPhase('safety-backup');
    const safetyBackup = await createBackup(database, now, { dir: options.dir, trigger: 'pre-restore', secret: options.safetySecret });
    let migrated: string[] = [];
    if (fileBackup && scratch) {
      onPhase('restoring');
      await fileBackup.restoreFrom(scratch, (copied) => onPhase('restoring', copied));
      if (pending.length > 0) {
        onPhase('migrating');
        await raw.transaction().execute(async (trx) => {
          await dialect.lockForMigration(trx);
          for (const migration of pending) await applyMigration(trx, dialect, migration, now.toISOString());
        });
        migrated = pending.map(([name]) => name);
      }
    } else {
      const source = await openPayload(file, options.secret);
      // One transaction drops and loads every table: a read meanwhile would wait for its end.
      onPhase('restoring', null, true);
      try {
        const report = await loadArchive(database, readTar(chunksOf(source, basename(path)), MAX_FILE_BYTES), { now, requireEmpty: false, keyring: context.crypto });
        rows = report.rows;
        migrated = report.migrated;
      } finally {
        source.destroy();
      }
    }
    return { name: basename(path), createdAt: manifest.createdAt, rows, safetyBackup, migrated, seconds: (performance.now() - started) / 1000 };
  } finally {
    if (scratch) await removeSqliteFiles(scratch);
  }
}

/** Unpacks a SQLite backup to `scratch` and checks it against its manifest; its row counts per table. */
async function checkedScratchCopy(
  context: { crypto: Pick<Keyring, 'keyFor'>; now: Date },
  file: BackupFile,
  secret: BackupSecret | null,
  scratch: string,
  fileBackup: FileBackup,
): Promise<Record<string, number>> {
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
  } finally {
    await copy.close();
  }
  return Object.fromEntries(Object.entries(found.digests).map(([table, d]) => [table, d.rows]));
}
