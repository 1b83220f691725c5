import { join, resolve } from 'node:path';
import type { BackupSecret } from './backup-format.ts';

/** What the environment says about backups (read once at start, with the rest of the config). */
export interface BackupConfig {
  /** KEHU_BACKUP_DIR, else <data dir>/backups; the admin page may choose another */
  dir: string;
  /** KEHU_BACKUP_PASSPHRASE or KEHU_BACKUP_KEY_FILE: scheduled and safety backups are encrypted with it */
  secret: BackupSecret | null;
  /** KEHU_METRICS_TOKEN: a bearer token that may read /metrics besides admins' */
  metricsToken: string | undefined;
}

export function readBackupConfig(env: NodeJS.ProcessEnv, dataDir: string): BackupConfig {
  const secret: BackupSecret | null = env.KEHU_BACKUP_PASSPHRASE
    ? { passphrase: env.KEHU_BACKUP_PASSPHRASE }
    : env.KEHU_BACKUP_KEY_FILE
      ? { keyFile: resolve(env.KEHU_BACKUP_KEY_FILE) }
      : null;
  return { dir: resolve(env.KEHU_BACKUP_DIR ?? join(dataDir, 'backups')), secret, metricsToken: env.KEHU_METRICS_TOKEN || undefined };
}
