import { fdatasync } from 'node:fs';
import { Transform } from 'node:stream';

/** Bytes a long write hands to the file between two flushes to disk. */
export const WRITE_BEHIND_BYTES = 16 << 20;

/** The descriptor of an fs write stream once it is open. */
export const fdOf = (stream: object) => () => (stream as { fd?: number | null }).fd ?? undefined;

/**
 * Passes bytes on and, every 16 MiB, flushes the file they go to (`fd()`) to disk before taking
 * more. A job that writes gigabytes (a backup, a restore test's scratch copy) would otherwise
 * leave them dirty in the page cache until one final flush, and on ext4 the server's own small
 * flushes (SQLite's checkpoints) and the growth of its WAL wait behind that flush.
 */
export function writeBehind(fd: () => number | undefined, every = WRITE_BEHIND_BYTES): Transform {
  let since = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      since += chunk.length;
      const open = fd();
      if (since < every || open === undefined) return done(null, chunk);
      since = 0;
      fdatasync(open, () => done(null, chunk));
    },
  });
}
