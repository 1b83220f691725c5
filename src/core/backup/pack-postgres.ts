import { dumpSnapshot } from '../archive/dump-snapshot.ts';
import { runInWorker } from '../worker/run-in-worker.ts';
import type { BackupManifest } from './backup-format.ts';
import type { PackOptions } from './sqlite-file-checks.ts';
import { manifestBodyOf, writeBackupFile } from './write-backup-file.ts';

// A PostgreSQL backup parses, encodes, hashes and compresses every row: in a worker thread with its
// own connection, so that the server's thread only starts it and records the result.

const HERE = new URL(import.meta.url);

/** Dumps the database at `url` (one repeatable-read snapshot) into a backup file at `path`. Runs inside the worker. */
export async function packPostgres(url: string, path: string, options: PackOptions): Promise<{ manifest: BackupManifest; bytes: number }> {
  const { openDatabase } = await import('../db/create-db.ts');
  const database = openDatabase({ url, dataDir: '' });
  try {
    const { housekeeping } = database.dialect;
    const { databaseBytes } = await housekeeping.sizes(database.db as never);
    return await writeBackupFile(path, { payload: 'archive', secret: options.secret }, async (sink) => {
      const archive = await housekeeping.withSnapshot(database.db as never, (snapshot) =>
        dumpSnapshot(snapshot, { dialect: 'postgres', now: new Date(options.nowIso), write: (chunk) => sink.write(chunk) }),
      );
      return manifestBodyOf(archive, { trigger: options.trigger, databaseBytes });
    });
  } finally {
    await database.close();
  }
}

/** packPostgres in a worker thread. */
export const packPostgresInWorker = (url: string, path: string, options: PackOptions) =>
  runInWorker<{ manifest: BackupManifest; bytes: number }>(HERE, 'packPostgres', [url, path, options]);
