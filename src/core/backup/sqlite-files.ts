import { rm } from 'node:fs/promises';

/** Removes a SQLite file with the journal files SQLite keeps beside it (off the main thread: a large file takes a while to free). */
export async function removeSqliteFiles(path: string): Promise<void> {
  for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(`${path}${suffix}`, { force: true });
}
