import { createReadStream, statSync } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { codedError, isAppError } from '../../domain/errors.ts';
import type { Database } from '../db/create-db.ts';
import { fileSystemError, unpackError } from '../files/file-errors.ts';
import { MAX_FILE_BYTES } from './archive-format.ts';
import { loadArchive, type LoadOptions, type LoadReport } from './load-archive.ts';
import { readTar } from './tar.ts';

/** The stream's chunks, its failure told as a damaged file (zlib says "incorrect header check"). */
export async function* chunksOf(stream: Readable, what: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    if (isAppError(error)) throw error;
    throw fileSystemError(error) ?? codedError('validation', 'archive.unreadable', { what, reason: (error as Error).message });
  }
}

/** Loads a kehu archive (.tar.gz) into an empty kehu database, SQLite or PostgreSQL; all of it or nothing. */
export async function importArchive(
  database: Pick<Database, 'db' | 'dialect'>,
  file: string,
  options: Omit<LoadOptions, 'requireEmpty'>,
): Promise<LoadReport> {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) throw codedError('not_found', 'archive.missing', { file });
  if (stat.isDirectory()) throw codedError('validation', 'backup.fs_is_a_folder', { path: file, errno: 'EISDIR' });
  const raw = createReadStream(file);
  const gunzip = raw.pipe(createGunzip());
  const source = gunzip.pipe(new PassThrough());
  // pipe() does not pass a read error on (a folder given for the file): the reader must hear of it
  raw.once('error', (error) => source.destroy(error));
  source.once('close', () => gunzip.destroy());
  gunzip.once('error', (error) => source.destroy(unpackError(error, 'archive.unpack_failed', { what: file, at: gunzip.bytesWritten }) ?? error));
  try {
    return await loadArchive(database, readTar(chunksOf(source, file), MAX_FILE_BYTES), { ...options, requireEmpty: true });
  } finally {
    source.destroy();
  }
}
