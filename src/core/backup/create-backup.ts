import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { dumpSnapshot } from '../archive/dump-snapshot.ts';
import type { Database } from '../db/create-db.ts';
import { backupPartialPath, freeBackupName, prepareBackupDir } from './backup-dir.ts';
import type { BackupManifest, BackupSecret, BackupTrigger } from './backup-format.ts';
import { manifestBodyOf, writeBackupFile } from './write-backup-file.ts';
import { packPostgresInWorker } from './pack-postgres.ts';
import { packInWorker } from './sqlite-file-checks.ts';
import { removeSqliteFiles } from './sqlite-files.ts';

export interface CreateBackupOptions {
  dir: string;
  trigger: BackupTrigger;
  secret: BackupSecret | null;
  /** SQLite pages (4 KiB) copied between two turns of the event loop */
  pagesPerStep?: number;
  onPhase?: (phase: string) => void;
}

export interface BackupInfo {
  name: string;
  path: string;
  bytes: number;
  manifest: BackupManifest;
  seconds: number;
}

/**
 * Backs the database up, online, as of one instant: SQLite by copying its pages from a read
 * snapshot a few at a time (writers carry on), PostgreSQL by dumping every table in one
 * repeatable-read transaction into kehu's archive format. One compressed file, written atomically.
 * The whole job runs in worker threads: on SQLite the copy, then digest, compression, encryption
 * and the file in another (the WAL backfilled by a third meanwhile); on PostgreSQL the dump, on a
 * connection of its own.
 */
export async function createBackup(database: Pick<Database, 'db' | 'dialect'>, now: Date, options: CreateBackupOptions): Promise<BackupInfo> {
  const started = performance.now();
  prepareBackupDir(options.dir);
  const name = freeBackupName(options.dir, now, options.trigger);
  const path = join(options.dir, name);
  const { housekeeping } = database.dialect;
  const fileBackup = housekeeping.fileBackup;
  let written: { manifest: BackupManifest; bytes: number };
  if (fileBackup) {
    const copy = backupPartialPath(join(options.dir, `${name}.sqlite`));
    written = await housekeeping.withCheckpointsOffThread(async () => {
      try {
        options.onPhase?.('copy');
        // the copy is every customer in clear, also when the backup is encrypted: its user's alone, as the backup is
        closeSync(openSync(copy, 'wx', 0o600));
        await fileBackup.copyTo(copy, { pagesPerStep: options.pagesPerStep });
        options.onPhase?.('digest and compress');
        const packed = await packInWorker(copy, path, { secret: options.secret, trigger: options.trigger, nowIso: now.toISOString() });
        options.onPhase?.('remove copy');
        return packed;
      } finally {
        await removeSqliteFiles(copy);
      }
    });
  } else if (housekeeping.workerUrl) {
    written = await packPostgresInWorker(housekeeping.workerUrl, path, { secret: options.secret, trigger: options.trigger, nowIso: now.toISOString() });
  } else {
    const { databaseBytes } = await housekeeping.sizes(database.db as never);
    written = await writeBackupFile(path, { payload: 'archive', secret: options.secret }, async (sink) => {
      const archive = await housekeeping.withSnapshot(database.db as never, (snapshot) =>
        dumpSnapshot(snapshot, { dialect: 'postgres', now, write: (chunk) => sink.write(chunk) }),
      );
      return manifestBodyOf(archive, { trigger: options.trigger, databaseBytes });
    });
  }
  return { name, path, bytes: written.bytes, manifest: written.manifest, seconds: (performance.now() - started) / 1000 };
}
