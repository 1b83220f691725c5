import { once } from 'node:events';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PassThrough, type Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { codedError } from '../../domain/errors.ts';

/** Where a file is written before it gets its name: hidden, and carrying the writer's pid so a leftover can be told from a live one. */
export const partialPathOf = (path: string, pid = process.pid): string => join(dirname(path), `.${basename(path)}.${pid}.partial`);
export const PARTIAL_FILE = /^\.(.+)\.(\d+)\.partial(-wal|-shm|-journal)?$/;

export interface ByteSink {
  /** Resolves when the stream wants more (backpressure). */
  write(chunk: Buffer): Promise<void>;
}

const sinkOf = (stream: Writable): ByteSink => ({
  async write(chunk) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  },
});

/**
 * Writes a file so that it is whole or absent under its name, also after a crash or kill -9:
 * bytes go to a hidden partial file, which is flushed to disk (fsync) and then renamed, and the
 * directory is flushed too. `transforms` (compression, encryption) sit between `produce` and the file.
 */
export async function writeAtomically<T>(path: string, transforms: Transform[], produce: (sink: ByteSink) => Promise<T>): Promise<{ result: T; bytes: number }> {
  const partial = partialPathOf(path);
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw codedError('validation', 'backup.fs_is_a_folder', { path, errno: 'EISDIR' });
  const input = new PassThrough({ highWaterMark: 1 << 20 });
  // Opened before anything is produced, so that a folder that is missing or not writable is said at once, by its name.
  const handle = await open(partial, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
    throw Object.assign(error, { path: dirname(path) });
  });
  const file = createWriteStream(partial, { fd: handle });
  let bytes = 0;
  const counted = new PassThrough({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const written = pipeline([input, ...transforms, counted, file] as unknown as [PassThrough, Writable]);
  // a failed write is awaited below, once `produce` has stopped; until then it must not count as unhandled
  written.catch(() => undefined);
  try {
    const result = await produce(sinkOf(input)).finally(() => input.end());
    await written;
    await commitFile(partial, path);
    return { result, bytes };
  } catch (error) {
    input.destroy();
    await written.catch(() => undefined);
    rmSync(partial, { force: true });
    throw error;
  }
}

/**
 * Flushes a finished partial file to disk and gives it its name, atomically. Off the main thread:
 * flushing a large backup takes a second or more, which would hold every request meanwhile.
 */
export async function commitFile(partial: string, path: string): Promise<void> {
  const file = await open(partial, 'r+');
  try {
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(partial, path);
  await syncDirectory(dirname(path));
}

async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // some file systems (and Windows) cannot fsync a directory; the rename is still atomic
  }
}
