import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isAppError } from '../../domain/errors.ts';
import type { MessageParams } from '../../domain/messages.ts';
import { fileSystemError } from '../files/file-errors.ts';
import { BACKUP_NAME, type BackupManifest } from './backup-format.ts';
import { readBackupFile } from './read-backup-file.ts';

export interface ListedBackup {
  name: string;
  path: string;
  bytes: number;
  /** null when the file cannot be read (see `problem`) */
  manifest: BackupManifest | null;
  createdAt: string | null;
  problem: string | null;
  /** the problem's message code and params, for other languages */
  problemCode: string | null;
  problemParams: MessageParams | null;
}

function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    throw fileSystemError(error) ?? error;
  }
}

/** The backups in `dir`, newest first, each with its manifest (read from the file's end, cheaply). */
export function listBackups(dir: string): ListedBackup[] {
  if (!existsSync(dir)) return [];
  const listed = namesIn(dir)
    .filter((name) => BACKUP_NAME.test(name))
    .map((name): ListedBackup => {
      const path = join(dir, name);
      try {
        const file = readBackupFile(path);
        return { name, path, bytes: file.bytes, manifest: file.manifest, createdAt: file.manifest.createdAt, problem: null, problemCode: null, problemParams: null };
      } catch (error) {
        const coded = isAppError(error) && error.messageCode !== error.code;
        return { name, path, bytes: 0, manifest: null, createdAt: null, problem: (error as Error).message, problemCode: coded ? error.messageCode : null, problemParams: coded ? error.params : null };
      }
    });
  return listed.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || b.name.localeCompare(a.name));
}
