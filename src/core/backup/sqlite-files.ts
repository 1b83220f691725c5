import { rmSync } from 'node:fs';

/** Removes a SQLite file with the journal files SQLite keeps beside it. */
export function removeSqliteFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}
