import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/** Which kehu server has a SQLite file open, as it said when it started (beside the file, removed when it stops). */
export interface ServingServer {
  pid: number;
  url: string;
}

const markerOf = (databaseFile: string) => `${databaseFile}.serving`;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** `kehu serve` notes that it serves `databaseFile`; the returned function removes the note. */
export function markServing(databaseFile: string, url: string): () => void {
  const marker = markerOf(databaseFile);
  writeFileSync(marker, JSON.stringify({ pid: process.pid, url }), { mode: 0o600 });
  return () => rmSync(marker, { force: true });
}

/** The server, another process still running, that serves `databaseFile`; null when none does (or it was killed). */
export function servingServer(databaseFile: string): ServingServer | null {
  try {
    const found = JSON.parse(readFileSync(markerOf(databaseFile), 'utf8')) as Partial<ServingServer>;
    if (typeof found.pid !== 'number' || typeof found.url !== 'string' || found.pid === process.pid || !isAlive(found.pid)) return null;
    return { pid: found.pid, url: found.url };
  } catch {
    return null;
  }
}
