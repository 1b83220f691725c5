import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createGzip } from 'node:zlib';
import { codedError } from '../../domain/errors.ts';
import type { Database } from '../db/create-db.ts';
import { writeAtomically } from './atomic-file.ts';
import type { ArchiveManifest } from './archive-format.ts';
import { dumpSnapshot } from './dump-snapshot.ts';

export interface ArchiveExport {
  file: string;
  bytes: number;
  manifest: ArchiveManifest;
}

// A path under a file (ENOTDIR) counts as there: writing names that problem itself.
const statOf = (path: string) => {
  try {
    return statSync(path, { throwIfNoEntry: false }) ?? null;
  } catch {
    return 'unknown' as const;
  }
};
const exists = (path: string) => statOf(path) !== null;
const isFile = (path: string) => {
  const stat = statOf(path);
  return stat !== null && stat !== 'unknown' && !stat.isDirectory();
};

// The real path where there is one (a symlink, a folder given two ways), else the path as given.
const realPath = (path: string) => {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return resolve(path);
    }
  }
};

/** An archive written over the SQLite file it is read from (or its WAL) would replace the live database with it. */
function assertNotTheDatabase(file: string, databaseFile: string | undefined) {
  if (!databaseFile) return;
  const target = realPath(file);
  const own = realPath(databaseFile);
  const files = [own, `${own}-wal`, `${own}-shm`, `${own}-journal`];
  // a hard link is the same file under another name
  const stat = statOf(target);
  const isSameFile = (path: string) => {
    const other = statOf(path);
    return stat !== null && stat !== 'unknown' && other !== null && other !== 'unknown' && other.ino === stat.ino && other.dev === stat.dev;
  };
  if (files.includes(target) || files.some(isSameFile)) throw codedError('validation', 'archive.is_database', { path: file });
}

/** Writes the whole database, as of one instant, to a kehu archive (.tar.gz); other writers carry on meanwhile. An existing file is replaced only with `overwrite`. */
export async function exportArchive(
  database: Pick<Database, 'db' | 'dialect'>,
  file: string,
  options: { now: Date; onTable?: (table: string, rows: number) => void; overwrite?: boolean; /** the SQLite file, which the archive must not replace */ databaseFile?: string },
): Promise<ArchiveExport> {
  assertNotTheDatabase(file, options.databaseFile);
  if (!options.overwrite && isFile(file)) throw codedError('conflict', 'archive.exists', { path: file });
  if (!exists(dirname(file))) throw codedError('validation', 'archive.folder_missing', { path: dirname(file) });
  const { result, bytes } = await writeAtomically(file, [createGzip({ level: 6 })], (sink) =>
    database.dialect.housekeeping.withSnapshot(database.db as never, (snapshot) =>
      dumpSnapshot(snapshot, { dialect: database.dialect.name, now: options.now, write: (chunk) => sink.write(chunk), onTable: options.onTable }),
    ),
  );
  return { file, bytes, manifest: result };
}
