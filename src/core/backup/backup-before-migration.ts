import { statSync } from 'node:fs';
import { codedError } from '../../domain/errors.ts';
import type { Keyring } from '../crypto/keyring.ts';
import type { Database } from '../db/create-db.ts';
import type { BackupConfig } from './backup-config.ts';
import { failedChecks } from './backup-checks.ts';
import { backupSchedule } from './backup-settings.ts';
import { createBackup } from './create-backup.ts';
import { verifyBackup } from './verify-backup.ts';

/**
 * Where the backup before an upgrade goes: where backups go, the folder chosen on the admin page
 * when it is there (so the page lists it, and `backup restore NAME` finds it); else the default.
 */
async function preMigrationDir(database: Pick<Database, 'db' | 'dialect'>, config: BackupConfig): Promise<string> {
  // An old schema may not hold the setting as this kehu reads it: the default folder then.
  const chosen = await backupSchedule(database).then((s) => s.directory, () => null);
  return chosen !== null && isFolder(chosen) ? chosen : config.dir;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}

/**
 * The safety net of an upgrade: a backup of the database as it is, and its restore test — which
 * also runs the pending migrations on the restored copy, so a migration that would fail is found
 * before it touches the real database. Throws (and nothing is migrated) unless both pass.
 */
export function backupBeforeMigration(database: Pick<Database, 'db' | 'dialect'>, crypto: Pick<Keyring, 'keyFor'> | null, config: BackupConfig, now: () => Date) {
  return async (pending: string[]): Promise<string> => {
    const dir = await preMigrationDir(database, config);
    const info = await createBackup(database, now(), { dir, trigger: 'pre-migration', secret: config.secret });
    const report = await verifyBackup({ database, crypto, now: now() }, info.path, config.secret);
    if (!report.ok) {
      throw codedError('unavailable', 'backup.pre_migration_failed', { migrations: pending.join(', '), path: info.path, ...failedChecks(report.checks) });
    }
    return info.path;
  };
}
