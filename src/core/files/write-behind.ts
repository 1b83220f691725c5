import { fdatasync, fdatasyncSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { Transform } from 'node:stream';

/**
 * Bytes a long write hands to the file between two flushes to disk: small, so that the disk never
 * holds more than this of the job's writes ahead of the server's (a commit's checkpoint waits for them).
 */
export const WRITE_BEHIND_BYTES = 1 << 20;

/** The descriptor of an fs write stream once it is open. */
export const fdOf = (stream: object) => () => (stream as { fd?: number | null }).fd ?? undefined;

/**
 * Passes bytes on and, every 1 MiB, flushes the file they go to (`fd()`) to disk before taking
 * more. A job that writes gigabytes (a backup, a restore test's scratch copy) would otherwise
 * leave them dirty in the page cache until one final flush, and on ext4 the server's own small
 * flushes (SQLite's checkpoints) and the growth of its WAL wait behind that flush. In a job's
 * worker thread the flush runs on that thread, so the disk sees it at the job's (idle) I/O
 * priority, not at the default one of the shared pool threads that run asynchronous file calls.
 */
export function writeBehind(fd: () => number | undefined, every = WRITE_BEHIND_BYTES): Transform {
  let since = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      since += chunk.length;
      const open = fd();
      if (since < every || open === undefined) return done(null, chunk);
      since = 0;
      if (isMainThread) return fdatasync(open, () => done(null, chunk));
      try {
        fdatasyncSync(open);
      } catch {
        // a flush that failed now is done again by the file's final one, which reports it
      }
      done(null, chunk);
    },
  });
}
