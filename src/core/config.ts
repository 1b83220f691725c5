import { join, resolve } from 'node:path';
import { codedError } from '../domain/errors.ts';
import { isTimeZone } from '../domain/export-language.ts';
import { readBackupConfig, type BackupConfig } from './backup/backup-config.ts';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  defaultRegion: string;
  /** KEHU_TIME_ZONE: where exports for people put their times; when unset, the workspace's analytics offset. */
  timeZone: string | undefined;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  logLevel: string;
  /** KEHU_SECRET_KEY; when absent the keyring file in dataDir is used. */
  secretKey: string | undefined;
  backup: BackupConfig;
  /** KEHU_IMPORT_DIR: where uploaded import files wait until their job is done */
  importDir: string;
  /** KEHU_PUBLIC_URL: where people open kehu (https://kehu.example.com), for links kehu prints; none when unset */
  publicUrl: string | undefined;
}

/** Where uploads wait: KEHU_IMPORT_DIR, else `imports` in the data directory (so a restarted server can resume them). */
export const importDirOf = (env: NodeJS.ProcessEnv, dataDir = resolve(env.KEHU_DATA_DIR ?? 'data')): string => resolve(env.KEHU_IMPORT_DIR ?? join(dataDir, 'imports'));

/** An http(s) address with a host, such as https://kehu.example.com or http://10.0.0.5:3000/kehu. */
export const isWebAddress = (text: string): boolean => /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(text);

/** The address people open for a server listening on host:port; null when host is every address (0.0.0.0, ::), which nobody can open. */
export function listenAddress(host: string, port: number): string | null {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === '' || bare === '0.0.0.0' || bare === '::' || bare === '0:0:0:0:0:0:0:0') return null;
  return `http://${bare.includes(':') ? `[${bare}]` : bare}:${port}`;
}

/** Reads kehu's settings from the environment (see the README's configuration table). */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw codedError('validation', 'config.port', { value: String(env.PORT) });
  }
  const region = (env.KEHU_DEFAULT_REGION ?? 'CN').toUpperCase();
  if (!/^[A-Z]{2}$/.test(region)) {
    throw codedError('validation', 'config.region', { value: region });
  }
  const timeZone = env.KEHU_TIME_ZONE || undefined;
  if (timeZone !== undefined && !isTimeZone(timeZone)) {
    throw codedError('validation', 'config.time_zone', { value: timeZone });
  }
  const publicUrl = env.KEHU_PUBLIC_URL?.trim().replace(/\/+$/, '') || undefined;
  if (publicUrl !== undefined && !isWebAddress(publicUrl)) {
    throw codedError('validation', 'config.public_url', { value: publicUrl });
  }
  const dataDir = resolve(env.KEHU_DATA_DIR ?? 'data');
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    defaultRegion: region,
    timeZone,
    adminEmail: env.KEHU_ADMIN_EMAIL || undefined,
    adminPassword: env.KEHU_ADMIN_PASSWORD || undefined,
    logLevel: env.KEHU_LOG_LEVEL ?? 'warn',
    secretKey: env.KEHU_SECRET_KEY || undefined,
    backup: readBackupConfig(env, dataDir),
    importDir: importDirOf(env, dataDir),
    publicUrl,
  };
}
