import { open, rm } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Bytes a large scratch file gives back per step as it is removed. On a disk mounted with online
 * discard (`-o discard`, common on virtual machines and SSDs) removing a 2 GB file sends the disk
 * one TRIM for all of it, and the server's commits queued behind it waited 150–170 ms (a backup's
 * scratch copy at a million customers).
 */
export const FREE_STEP_BYTES = 64 << 20;

/** Shrinks a file to nothing a step at a time, resting as long as each step took, off the main thread. */
async function shrinkAway(path: string): Promise<void> {
  const handle = await open(path, 'r+').catch(() => null);
  if (!handle) return;
  try {
    for (let size = (await handle.stat()).size - FREE_STEP_BYTES; size > 0; size -= FREE_STEP_BYTES) {
      const started = performance.now();
      await handle.truncate(size);
      await delay(performance.now() - started);
    }
  } finally {
    await handle.close();
  }
}

/** Removes a SQLite file with the journal files SQLite keeps beside it (off the main thread, a step at a time: a large file takes a while to free). */
export async function removeSqliteFiles(path: string): Promise<void> {
  await shrinkAway(path);
  for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(`${path}${suffix}`, { force: true });
}
