import { codedError } from '../../domain/errors.ts';
import type { Keyring } from '../crypto/keyring.ts';
import type { Database } from '../db/create-db.ts';
import type { BackupConfig } from './backup-config.ts';
import { failedChecks } from './backup-checks.ts';
import { createBackup } from './create-backup.ts';
import { verifyBackup } from './verify-backup.ts';

/**
 * The safety net of an upgrade: a backup of the database as it is, and its restore test — which
 * also runs the pending migrations on the restored copy, so a migration that would fail is found
 * before it touches the real database. Throws (and nothing is migrated) unless both pass.
 */
export function backupBeforeMigration(database: Pick<Database, 'db' | 'dialect'>, crypto: Pick<Keyring, 'keyFor'> | null, config: BackupConfig, now: () => Date) {
  return async (pending: string[]): Promise<string> => {
    const info = await createBackup(database, now(), { dir: config.dir, trigger: 'pre-migration', secret: config.secret });
    const report = await verifyBackup({ database, crypto, now: now() }, info.path, config.secret);
    if (!report.ok) {
      throw codedError('unavailable', 'backup.pre_migration_failed', { migrations: pending.join(', '), path: info.path, ...failedChecks(report.checks) });
    }
    return info.path;
  };
}
