import { fdatasync, fdatasyncSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { Transform } from 'node:stream';

/**
 * Bytes a long write hands to the file between two flushes to disk: small, so that the disk never
 * holds more than this of the job's writes ahead of the server's (a commit's checkpoint waits for them).
 */
export const WRITE_BEHIND_BYTES = 1 << 20;

/**
 * A flush of 1 MiB that takes longer than this means the disk is busy: the job then rests as long
 * as its flush took before writing more, so it never holds the disk more than half the time while
 * it is slow, and the server's own flushes (a checkpoint, ~1 ms alone) find a short queue.
 */
export const BUSY_FLUSH_MS = 8;

/** How long a job rests after a flush that took `ms`: nothing while the disk keeps up, as long again when it does not. */
export const restAfterFlush = (ms: number) => (ms > BUSY_FLUSH_MS ? Math.min(ms, 1000) : 0);

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Sleeps a worker thread (never the server's) without spinning. */
const sleepThisThread = (ms: number) => {
  if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
};

/** The descriptor of an fs write stream once it is open. */
export const fdOf = (stream: object) => () => (stream as { fd?: number | null }).fd ?? undefined;

/**
 * Passes bytes on and, every 1 MiB, flushes the file they go to (`fd()`) to disk before taking
 * more, resting after a slow flush (restAfterFlush). A job that writes gigabytes (a backup, a
 * restore test's scratch copy) would otherwise leave them dirty in the page cache until one final
 * flush, and on ext4 the server's own small flushes (SQLite's checkpoints) and the growth of its
 * WAL wait behind that flush. In a job's worker thread the flush runs on that thread; on the
 * server's thread it runs in libuv's pool and the rest is a timer.
 */
export function writeBehind(fd: () => number | undefined, every = WRITE_BEHIND_BYTES): Transform {
  let since = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      since += chunk.length;
      const open = fd();
      if (since < every || open === undefined) return done(null, chunk);
      since = 0;
      const started = performance.now();
      if (isMainThread) {
        return fdatasync(open, () => {
          const rest = restAfterFlush(performance.now() - started);
          if (rest === 0) return done(null, chunk);
          setTimeout(() => done(null, chunk), rest);
        });
      }
      try {
        fdatasyncSync(open);
      } catch {
        // a flush that failed now is done again by the file's final one, which reports it
      }
      sleepThisThread(restAfterFlush(performance.now() - started));
      done(null, chunk);
    },
  });
}
