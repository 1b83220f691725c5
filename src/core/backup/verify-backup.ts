import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { codedError, isAppError } from '../../domain/errors.ts';
import { backupPartialPath } from './backup-dir.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { openDatabase, type Database } from '../db/create-db.ts';
import { fileSystemError } from '../files/file-errors.ts';
import { auditCheck, digestChecks, failed, failedBy, keyCheck, keySampleCheck, migrationGap, notRun, passed, schemaCheck, type BackupCheck, type CheckName } from './backup-checks.ts';
import type { BackupManifest, BackupSecret } from './backup-format.ts';
import { openPayload, readBackupFile, type BackupFile } from './read-backup-file.ts';
import { atCurrentSchema, restoreTestArchiveInWorker, testArchiveOn, upgradeCheck } from './restore-test-archive.ts';
import { restoreTestInWorker } from './sqlite-file-checks.ts';
import { removeSqliteFiles } from './sqlite-files.ts';

const SECRET_PROBLEMS = new Set<string>(['backup.encrypted', 'backup.wrong_secret', 'backup.needs_passphrase', 'backup.needs_key_file', 'backup.key_file_unreadable', 'backup.key_file_short']);
const RESTORED_CHECKS: CheckName[] = ['integrity', 'rows', 'checksums', 'audit', 'upgrade'];

export interface VerifyReport {
  name: string;
  ok: boolean;
  checks: BackupCheck[];
  manifest: BackupManifest | null;
  seconds: number;
}

export interface VerifyContext {
  database: Pick<Database, 'db' | 'dialect'>;
  /** null before migrating: the keyring is loaded (and checked against the data) after the schema is current */
  crypto: Pick<Keyring, 'keyFor'> | null;
  now: Date;
}

/** Unpacks a SQLite backup into `scratch`; its checksum and (when encrypted) its tag are checked on the way. */
export async function unpackSqlite(file: BackupFile, secret: BackupSecret | null, scratch: string): Promise<void> {
  const payload = await openPayload(file, secret);
  try {
    await pipeline(payload, createWriteStream(scratch, { mode: 0o600 }));
  } catch (error) {
    // zlib's own words ("invalid block type") for a damaged payload, told as the file that cannot be read
    if (isAppError(error)) throw error;
    throw fileSystemError(error) ?? codedError('validation', 'archive.unreadable', { what: basename(file.path), reason: (error as Error).message });
  }
}

/**
 * The restore test of a SQLite backup, in a scratch file beside it that is removed afterwards: the
 * unpacking, integrity check, digests, audit walk and key samples run in one worker thread.
 */
async function testSqlite(context: VerifyContext, file: BackupFile, secret: BackupSecret | null): Promise<BackupCheck[]> {
  const { housekeeping } = context.database.dialect;
  if (!housekeeping.fileBackup) return [failed('file', 'backup.check_same_dialect', { dialect: 'sqlite' })];
  // its own name: two restore tests of one file at once (the weekly one and an admin's) must not share a scratch file
  const scratch = backupPartialPath(join(dirname(file.path), `${basename(file.path)}.verify-${randomBytes(4).toString('hex')}.sqlite`));
  return housekeeping.withCheckpointsOffThread(async () => {
    const checks: BackupCheck[] = [];
    try {
      const { integrity, manifest: restored, audit, samples } = await restoreTestInWorker(file.path, secret, scratch, context.now);
      checks.push(passed('file', file.header.encryption ? 'backup.check_file_tag' : 'backup.check_file', { bytes: file.bytes }));
      checks.push(integrity.length > 0 ? failed('integrity', 'backup.check_integrity_problems', { problems: integrity.slice(0, 5).join('; ') }) : passed('integrity', 'backup.check_integrity_ok'));
      checks.push(...digestChecks(file.manifest.digests, restored.digests));
      checks.push(auditCheck(file.manifest, audit.verdict, restored.audit.headHash ?? audit.lastHash));
      if (context.crypto) checks.push(keySampleCheck(context.crypto, samples));
      checks.push(await upgradeSqlite(scratch, file.manifest, context.now));
    } finally {
      await removeSqliteFiles(scratch);
    }
    return checks;
  });
}

/** upgradeCheck on the restored file, opened (on the server's thread) only when there is something to run. */
async function upgradeSqlite(scratch: string, manifest: BackupManifest, now: Date): Promise<BackupCheck> {
  if (migrationGap(manifest).pending.length === 0) return atCurrentSchema();
  const copy = openDatabase({ dataDir: dirname(scratch), fileName: basename(scratch) });
  try {
    return await upgradeCheck(copy, manifest, now);
  } finally {
    await copy.close();
  }
}

/** The restore test of a PostgreSQL backup (see testArchiveOn), in a worker thread with its own connection where there is one. */
async function testArchive(context: VerifyContext, file: BackupFile, secret: BackupSecret | null): Promise<BackupCheck[]> {
  const { dialect } = context.database;
  if (dialect.name !== file.manifest.dialect) return [failed('file', 'backup.check_same_dialect', { dialect: file.manifest.dialect })];
  const url = dialect.housekeeping.workerUrl;
  const { checks, samples } = url ? await restoreTestArchiveInWorker(url, file.path, secret, context.now) : await testArchiveOn(context.database, file, secret, context.now);
  if (!context.crypto) return checks;
  // The key check where it always stood: before the upgrade's.
  const at = checks.findIndex((c) => c.check === 'upgrade');
  return [...checks.slice(0, at < 0 ? checks.length : at), keySampleCheck(context.crypto, samples), ...(at < 0 ? [] : checks.slice(at))];
}

/**
 * Restores a backup into a scratch database and checks it: file checksum (and tag), schema level,
 * encryption keys present, integrity, row counts and checksums against the manifest, the audit
 * chain, and the migrations running forward. Never changes the live database.
 */
export async function verifyBackup(context: VerifyContext, path: string, secret: BackupSecret | null): Promise<VerifyReport> {
  const started = performance.now();
  const name = basename(path);
  const report = (checks: BackupCheck[], manifest: BackupManifest | null): VerifyReport => ({
    name,
    ok: checks.length > 0 && checks.every((c) => c.ok),
    checks,
    manifest,
    seconds: (performance.now() - started) / 1000,
  });
  let file: BackupFile;
  try {
    file = readBackupFile(path);
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') throw error;
    return report([failedBy('file', error)], null);
  }
  const checks = [schemaCheck(file.manifest), context.crypto ? keyCheck(context.crypto, file.manifest) : passed('key', 'backup.check_key_later')];
  if (!checks[0]?.ok) return report(checks, file.manifest);
  try {
    const restored = file.header.payload === 'sqlite-file' ? await testSqlite(context, file, secret) : await testArchive(context, file, secret);
    // Decrypting the restored data says more than the key ids: it replaces their check when it ran.
    const decrypted = restored.some((c) => c.check === 'key');
    return report([...restored, ...checks.filter((c) => !(decrypted && c.check === 'key' && c.ok))], file.manifest);
  } catch (error) {
    // Nothing was restored, so nothing was checked: a wrong passphrase leaves even the manifest's key ids unproven.
    const locked = isAppError(error) && SECRET_PROBLEMS.has(error.messageCode);
    const [schema, key] = checks as [BackupCheck, BackupCheck];
    return report([schema, locked ? notRun('key') : key, failedBy('file', error), ...RESTORED_CHECKS.map(notRun)], file.manifest);
  }
}

/** The failed file check of a restore test that could not open the backup for want of its passphrase or key file; else null. */
export const secretProblem = (report: Pick<VerifyReport, 'checks'>): BackupCheck | null =>
  report.checks.find((c) => c.check === 'file' && !c.ok && SECRET_PROBLEMS.has(c.code)) ?? null;
