import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync, type Stats } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { codedField, type FieldError } from '../../domain/errors.ts';
import { PARTIAL_FILE, partialPathOf } from '../archive/atomic-file.ts';
import { backupFileName, type BackupTrigger } from './backup-format.ts';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * mkdir -p, one level at a time: Node's recursive mkdirSync never returns on some paths (under
 * /proc, say), which would hang the whole server on an admin's unlucky choice of directory.
 */
function makeDirectory(dir: string): boolean {
  if (existsSync(dir)) return false;
  const parent = dirname(dir);
  if (parent !== dir) makeDirectory(parent);
  mkdirSync(dir, { mode: 0o700 });
  return true;
}

/** Makes the backup directory (owner only) and removes what a killed backup left behind. */
export function prepareBackupDir(dir: string): void {
  // Backups hold every customer: a directory kehu makes is its user's alone, whatever the umask.
  if (makeDirectory(dir)) chmodSync(dir, 0o700);
  removeLeftovers(dir);
}

const HOST_TAG = /@([^@]+)$/;

/**
 * Where a backup file or its scratch copy is written until it is whole: hidden, named with this
 * machine and process. A folder on a share may be written by kehu servers on several machines
 * (one database, one chosen folder), and another machine's process cannot be seen from here.
 */
export const backupPartialPath = (path: string): string => partialPathOf(`${path}@${hostname()}`);

/** Removes the partial files of backups whose process is gone: this machine's only (and those of kehus that did not name it). */
export function removeLeftovers(dir: string): void {
  for (const name of readdirSync(dir)) {
    const match = PARTIAL_FILE.exec(name);
    if (!match) continue;
    const host = HOST_TAG.exec(match[1] ?? '')?.[1];
    if (host !== undefined && host !== hostname()) continue;
    const pid = Number(match[2]);
    if (pid && pid !== process.pid && !isAlive(pid)) rmSync(join(dir, name), { force: true });
  }
}

/** A name no backup in `dir` has yet (two backups in one second get -2, -3 …). */
export function freeBackupName(dir: string, now: Date, trigger: BackupTrigger): string {
  for (let attempt = 0; ; attempt++) {
    const name = backupFileName(now, trigger, attempt);
    if (!existsSync(join(dir, name))) return name;
  }
}

/**
 * Why `dir` cannot hold backups, as the `directory` field's error: it is not there, not a folder,
 * or kehu cannot write to it (a probe file is made and removed). Null when it can.
 */
export function backupDirProblem(dir: string): FieldError | null {
  const errno = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'EIO';
  let stat: Stats | undefined;
  try {
    stat = statSync(dir, { throwIfNoEntry: false });
  } catch (error) {
    return errno(error) === 'ENOTDIR' ? codedField('directory', 'backup.dir_not_a_folder', { path: dir }) : codedField('directory', 'backup.dir_not_writable', { path: dir, errno: errno(error) });
  }
  if (!stat) return codedField('directory', 'backup.dir_missing', { path: dir });
  if (!stat.isDirectory()) return codedField('directory', 'backup.dir_not_a_folder', { path: dir });
  const probe = join(dir, `.kehu-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    closeSync(openSync(probe, 'wx', 0o600));
  } catch (error) {
    return codedField('directory', 'backup.dir_not_writable', { path: dir, errno: errno(error) });
  }
  rmSync(probe, { force: true });
  return null;
}
