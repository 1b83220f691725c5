import { createGzip } from 'node:zlib';
import type { Database } from '../db/create-db.ts';
import { writeAtomically } from './atomic-file.ts';
import type { ArchiveManifest } from './archive-format.ts';
import { dumpSnapshot } from './dump-snapshot.ts';

export interface ArchiveExport {
  file: string;
  bytes: number;
  manifest: ArchiveManifest;
}

/** Writes the whole database, as of one instant, to a kehu archive (.tar.gz); other writers carry on meanwhile. */
export async function exportArchive(
  database: Pick<Database, 'db' | 'dialect'>,
  file: string,
  options: { now: Date; onTable?: (table: string, rows: number) => void },
): Promise<ArchiveExport> {
  const { result, bytes } = await writeAtomically(file, [createGzip({ level: 6 })], (sink) =>
    database.dialect.housekeeping.withSnapshot(database.db as never, (snapshot) =>
      dumpSnapshot(snapshot, { dialect: database.dialect.name, now: options.now, write: (chunk) => sink.write(chunk), onTable: options.onTable }),
    ),
  );
  return { file, bytes, manifest: result };
}
