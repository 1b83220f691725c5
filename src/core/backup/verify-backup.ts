import { createWriteStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sql, type Kysely } from 'kysely';
import { isAppError } from '../../domain/errors.ts';
import { MAX_FILE_BYTES } from '../archive/archive-format.ts';
import { partialPathOf } from '../archive/atomic-file.ts';
import { dumpSnapshot } from '../archive/dump-snapshot.ts';
import { chunksOf } from '../archive/import-archive.ts';
import { loadArchive } from '../archive/load-archive.ts';
import { readTar } from '../archive/tar.ts';
import { verifyAudit } from '../audit/verify-audit.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { openDatabase, type Database } from '../db/create-db.ts';
import { applyMigration } from '../db/migrate.ts';
import { auditCheck, digestChecks, failed, keyCheck, keyReadCheck, keySampleCheck, migrationGap, passed, schemaCheck, type BackupCheck } from './backup-checks.ts';
import type { BackupManifest, BackupSecret } from './backup-format.ts';
import { openPayload, readBackupFile, type BackupFile } from './read-backup-file.ts';
import { restoreTestInWorker } from './sqlite-file-checks.ts';
import { removeSqliteFiles } from './sqlite-files.ts';

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
  await pipeline(openPayload(file, secret), createWriteStream(scratch, { mode: 0o600 }));
}

/**
 * The restore test of a SQLite backup, in a scratch file beside it that is removed afterwards: the
 * unpacking, integrity check, digests, audit walk and key samples run in one worker thread.
 */
async function testSqlite(context: VerifyContext, file: BackupFile, secret: BackupSecret | null): Promise<BackupCheck[]> {
  const { housekeeping } = context.database.dialect;
  if (!housekeeping.fileBackup) return [failed('file', 'a SQLite backup is tested by a kehu that runs on SQLite')];
  const scratch = partialPathOf(join(dirname(file.path), `${basename(file.path)}.verify.sqlite`));
  return housekeeping.withCheckpointsOffThread(async () => {
    const checks: BackupCheck[] = [];
    try {
      const { integrity, manifest: restored, audit, samples } = await restoreTestInWorker(file.path, secret, scratch, context.now);
      checks.push(passed('file', `${file.bytes} bytes; payload checksum${file.header.encryption ? ' and authentication tag' : ''} verified`));
      checks.push(integrity.length > 0 ? failed('integrity', integrity.slice(0, 5).join('; ')) : passed('integrity', 'integrity_check: ok'));
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

const atCurrentSchema = () => passed('upgrade', 'already at this kehu\u2019s schema');

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

/** The newer migrations run forward on the restored copy, as a restore would run them. */
async function upgradeCheck(database: Pick<Database, 'db' | 'dialect'>, manifest: BackupManifest, now: Date): Promise<BackupCheck> {
  const { pending } = migrationGap(manifest);
  if (pending.length === 0) return atCurrentSchema();
  try {
    const run = async (trx: Kysely<unknown>) => {
      for (const migration of pending) await applyMigration(trx, database.dialect, migration, now.toISOString());
    };
    const db = database.db as unknown as Kysely<unknown>;
    await (db.isTransaction ? run(db) : db.transaction().execute(run));
    return passed('upgrade', `${pending.length} newer migrations ran forward`);
  } catch (error) {
    return failed('upgrade', `migrating the restored copy forward failed: ${(error as Error).message}`);
  }
}

class RolledBack extends Error {
  constructor(readonly checks: BackupCheck[]) {
    super('restore test rolled back');
  }
}

/**
 * The restore test of a PostgreSQL backup: loaded into a scratch schema inside one transaction
 * that is always rolled back, so nothing is left behind, not even after a crash.
 */
async function testArchive(context: VerifyContext, file: BackupFile, secret: BackupSecret | null): Promise<BackupCheck[]> {
  const { dialect } = context.database;
  if (dialect.name !== file.manifest.dialect) return [failed('file', `a ${file.manifest.dialect} backup is tested by a kehu that runs on ${file.manifest.dialect}`)];
  const scratch = `kehu_verify_${process.pid}_${Date.now().toString(36)}`;
  try {
    await (context.database.db as unknown as Kysely<unknown>).transaction().execute(async (trx) => {
      await sql`create schema ${sql.id(scratch)}`.execute(trx);
      await sql`select set_config('search_path', ${`${scratch}, public`}, true)`.execute(trx);
      const checks: BackupCheck[] = [];
      const source = openPayload(file, secret);
      try {
        await loadArchive({ db: trx as never, dialect }, readTar(chunksOf(source, basename(file.path)), MAX_FILE_BYTES), { now: context.now, requireEmpty: false, migrateForward: false });
      } finally {
        source.destroy();
      }
      checks.push(passed('file', `${file.bytes} bytes; payload checksum${file.header.encryption ? ' and authentication tag' : ''} verified; every table's rows match the manifest`));
      const problems = await dialect.housekeeping.integrityCheck(trx);
      checks.push(problems.length > 0 ? failed('integrity', problems.join('; ')) : passed('integrity', 'foreign keys and constraints checked on load'));
      const restored = await dumpSnapshot(await dialect.housekeeping.snapshotOf(trx), { dialect: dialect.name, now: context.now });
      checks.push(...digestChecks(file.manifest.digests, restored.digests));
      checks.push(auditCheck(file.manifest, await verifyAudit({ db: trx as never, dialect }), restored.audit.headHash));
      if (context.crypto) checks.push(await keyReadCheck(context.crypto, { db: trx as never, dialect }));
      checks.push(await upgradeCheck({ db: trx as never, dialect }, file.manifest, context.now));
      throw new RolledBack(checks);
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.checks;
    throw error;
  }
  return [];
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
    return report([failed('file', (error as Error).message)], null);
  }
  const checks = [schemaCheck(file.manifest), context.crypto ? keyCheck(context.crypto, file.manifest) : passed('key', 'checked when kehu starts, after migrating')];
  if (!checks[0]?.ok) return report(checks, file.manifest);
  try {
    const restored = file.header.payload === 'sqlite-file' ? await testSqlite(context, file, secret) : await testArchive(context, file, secret);
    // Decrypting the restored data says more than the key ids: it replaces their check when it ran.
    const decrypted = restored.some((c) => c.check === 'key');
    return report([...restored, ...checks.filter((c) => !(decrypted && c.check === 'key' && c.ok))], file.manifest);
  } catch (error) {
    return report([...checks, failed('file', (error as Error).message)], file.manifest);
  }
}
