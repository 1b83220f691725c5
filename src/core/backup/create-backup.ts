import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ArchiveManifest } from '../archive/archive-format.ts';
import { partialPathOf } from '../archive/atomic-file.ts';
import { dumpSnapshot } from '../archive/dump-snapshot.ts';
import type { Database } from '../db/create-db.ts';
import { freeBackupName, prepareBackupDir } from './backup-dir.ts';
import type { BackupManifest, BackupSecret, BackupTrigger } from './backup-format.ts';
import { writeBackupFile, type ManifestBody } from './write-backup-file.ts';
import { digestInWorker } from './sqlite-file-checks.ts';
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

const bodyOf = (archive: ArchiveManifest, extra: Pick<ManifestBody, 'trigger' | 'databaseBytes'>): ManifestBody => ({
  kehuVersion: archive.kehuVersion,
  createdAt: archive.createdAt,
  dialect: archive.sourceDialect,
  migrations: archive.migrations,
  digests: archive.digests,
  audit: archive.audit,
  keyIds: archive.keyIds,
  ...extra,
});

/**
 * Backs the database up, online, as of one instant: SQLite by copying its pages from a read
 * snapshot a few at a time (writers carry on), PostgreSQL by dumping every table in one
 * repeatable-read transaction into kehu's archive format. One compressed file, written atomically.
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
    const copy = partialPathOf(join(options.dir, `${name}.sqlite`));
    try {
      options.onPhase?.('copy');
      await fileBackup.copyTo(copy, { pagesPerStep: options.pagesPerStep });
      options.onPhase?.('digest');
      const archive = await digestInWorker(copy, now);
      const databaseBytes = statSync(copy).size;
      options.onPhase?.('compress');
      written = await writeBackupFile(path, { payload: 'sqlite-file', secret: options.secret }, async (sink) => {
        for await (const chunk of createReadStream(copy, { highWaterMark: 1 << 20 })) await sink.write(chunk as Buffer);
        options.onPhase?.('commit');
        return bodyOf(archive, { trigger: options.trigger, databaseBytes });
      });
      options.onPhase?.('remove copy');
    } finally {
      await removeSqliteFiles(copy);
    }
  } else {
    const { databaseBytes } = await housekeeping.sizes(database.db as never);
    written = await writeBackupFile(path, { payload: 'archive', secret: options.secret }, async (sink) => {
      const archive = await housekeeping.withSnapshot(database.db as never, (snapshot) =>
        dumpSnapshot(snapshot, { dialect: 'postgres', now, write: (chunk) => sink.write(chunk) }),
      );
      return bodyOf(archive, { trigger: options.trigger, databaseBytes });
    });
  }
  return { name, path, bytes: written.bytes, manifest: written.manifest, seconds: (performance.now() - started) / 1000 };
}
