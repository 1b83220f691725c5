import type { ArchiveManifest } from '../archive/archive-format.ts';

/** The first 8 bytes of a backup file, and the last 8. */
export const BACKUP_MAGIC = Buffer.from('KEHUBKP1', 'ascii');
export const BACKUP_END = Buffer.from('KEHUEND1', 'ascii');
export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_EXTENSION = '.kehubackup';
export const BACKUP_NAME = /^kehu-\d{8}-\d{6}(-\d+)?-(manual|schedule|pre-migration|pre-restore)\.kehubackup$/;

export type BackupTrigger = 'manual' | 'schedule' | 'pre-migration' | 'pre-restore';
/** What the compressed payload is: the SQLite file itself, or a kehu archive (tar) of every table. */
export type BackupPayload = 'sqlite-file' | 'archive';

export type BackupEncryption =
  | { cipher: 'aes-256-gcm'; kdf: 'scrypt'; salt: string; N: number; r: number; p: number; iv: string }
  | { cipher: 'aes-256-gcm'; kdf: 'hkdf-key-file'; salt: string; iv: string };

/** Plain text at the start of the file: what it takes to read the payload. */
export interface BackupHeader {
  formatVersion: number;
  payload: BackupPayload;
  compression: 'gzip';
  encryption: BackupEncryption | null;
}

/** Plain text at the end of the file (authenticated by `mac` when encrypted). */
export interface BackupManifest extends Omit<ArchiveManifest, 'format' | 'formatVersion' | 'sourceDialect' | 'tables'> {
  format: 'kehu-backup';
  formatVersion: number;
  dialect: 'sqlite' | 'postgres';
  payload: BackupPayload;
  trigger: BackupTrigger;
  /** bytes of the payload as stored (compressed, encrypted), and their SHA-256: damage is found without the passphrase */
  payloadBytes: number;
  payloadSha256: string;
  /** the database's size when it was backed up */
  databaseBytes: number;
  encrypted: boolean;
  /** HMAC-SHA256 of the rest of the manifest under a key derived from the passphrase or key file */
  mac?: string;
}

/** How a backup is encrypted (or was, to read it back): a passphrase or a key file, never stored. */
export type BackupSecret = { passphrase: string } | { keyFile: string };

export function backupFileName(now: Date, trigger: BackupTrigger, attempt = 0): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `kehu-${stamp}${attempt > 0 ? `-${attempt + 1}` : ''}-${trigger}${BACKUP_EXTENSION}`;
}
