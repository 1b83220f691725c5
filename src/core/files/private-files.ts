import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/** Data, keys, backups and uploads are for kehu's own user only. */
export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

const STICKY = 0o1000;

/**
 * Takes away every permission bit beyond `mode` from an existing file or directory of ours (an
 * install made before kehu kept them private); a missing path is left alone, and a shared
 * directory (another user's, or sticky like /tmp) is never touched.
 */
export function tighten(path: string, mode: number): void {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const mine = typeof process.getuid !== 'function' || stat.uid === process.getuid();
  if (!mine || (stat.mode & STICKY) !== 0 || (stat.mode & 0o777 & ~mode) === 0) return;
  chmodSync(path, stat.mode & mode & 0o777);
}

/** Creates `dir` (and its missing parents) for kehu's user only, or tightens it if it exists. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  tighten(dir, PRIVATE_DIR);
}

/** Creates an empty file for kehu's user only if it is missing, or tightens the one there. */
export function ensurePrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE));
  tighten(path, PRIVATE_FILE);
}
