import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { MAX_FILE_BYTES } from '../archive/archive-format.ts';
import { dumpSnapshot } from '../archive/dump-snapshot.ts';
import { chunksOf } from '../archive/import-archive.ts';
import { loadArchive } from '../archive/load-archive.ts';
import { readTar } from '../archive/tar.ts';
import { verifyAudit } from '../audit/verify-audit.ts';
import { encryptedSamples, type EncryptedSample } from '../crypto/encrypted-stores.ts';
import type { Database } from '../db/create-db.ts';
import { applyMigration } from '../db/migrate.ts';
import { runInWorker } from '../worker/run-in-worker.ts';
import { auditCheck, digestChecks, failed, migrationGap, passed, type BackupCheck } from './backup-checks.ts';
import type { BackupManifest, BackupSecret } from './backup-format.ts';
import { openPayload, readBackupFile, type BackupFile } from './read-backup-file.ts';

const HERE = new URL(import.meta.url);

export const atCurrentSchema = () => passed('upgrade', 'backup.check_current_schema');

/** The newer migrations run forward on the restored copy, as a restore would run them. */
export async function upgradeCheck(database: Pick<Database, 'db' | 'dialect'>, manifest: BackupManifest, now: Date): Promise<BackupCheck> {
  const { pending } = migrationGap(manifest);
  if (pending.length === 0) return atCurrentSchema();
  try {
    const run = async (trx: Kysely<unknown>) => {
      for (const migration of pending) await applyMigration(trx, database.dialect, migration, now.toISOString());
    };
    const db = database.db as unknown as Kysely<unknown>;
    await (db.isTransaction ? run(db) : db.transaction().execute(run));
    return passed('upgrade', 'backup.check_migrated_forward', { n: pending.length });
  } catch (error) {
    return failed('upgrade', 'backup.check_migrate_failed', { reason: (error as Error).message });
  }
}

class RolledBack extends Error {
  constructor(readonly result: ArchiveTest) {
    super('restore test rolled back');
  }
}

/** The restore test's checks but the key check, and samples of the restored encrypted values for it (the keyring stays with the caller). */
export interface ArchiveTest {
  checks: BackupCheck[];
  samples: EncryptedSample[];
}

/**
 * The restore test of a PostgreSQL backup: loaded into a scratch schema inside one transaction
 * that is always rolled back, so nothing is left behind, not even after a crash.
 */
export async function testArchiveOn(database: Pick<Database, 'db' | 'dialect'>, file: BackupFile, secret: BackupSecret | null, now: Date): Promise<ArchiveTest> {
  const { dialect } = database;
  const scratch = `kehu_verify_${process.pid}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  try {
    await (database.db as unknown as Kysely<unknown>).transaction().execute(async (trx) => {
      await sql`create schema ${sql.id(scratch)}`.execute(trx);
      await sql`select set_config('search_path', ${`${scratch}, public`}, true)`.execute(trx);
      const checks: BackupCheck[] = [];
      const source = await openPayload(file, secret);
      try {
        await loadArchive({ db: trx as never, dialect }, readTar(chunksOf(source, basename(file.path)), MAX_FILE_BYTES), {
          now,
          requireEmpty: false,
          migrateForward: false,
          // the upgrade check's new tables would be logged, and a logged table may not point at an unlogged one
          unlogged: migrationGap(file.manifest).pending.length === 0,
        });
      } finally {
        source.destroy();
      }
      checks.push(passed('file', file.header.encryption ? 'backup.check_archive_file_tag' : 'backup.check_archive_file', { bytes: file.bytes }));
      const problems = await dialect.housekeeping.integrityCheck(trx);
      checks.push(problems.length > 0 ? failed('integrity', 'backup.check_integrity_problems', { problems: problems.join('; ') }) : passed('integrity', 'backup.check_constraints'));
      const restored = await dumpSnapshot(await dialect.housekeeping.snapshotOf(trx), { dialect: dialect.name, now });
      checks.push(...digestChecks(file.manifest.digests, restored.digests));
      checks.push(auditCheck(file.manifest, await verifyAudit({ db: trx as never, dialect }), restored.audit.headHash));
      const samples = await encryptedSamples({ db: trx as never, dialect });
      checks.push(await upgradeCheck({ db: trx as never, dialect }, file.manifest, now));
      throw new RolledBack({ checks, samples });
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.result;
    throw error;
  }
  return { checks: [], samples: [] };
}

/** testArchiveOn over a connection of its own to `url`: what the worker thread runs. */
export async function restoreTestArchive(url: string, path: string, secret: BackupSecret | null, nowIso: string): Promise<ArchiveTest> {
  const { openDatabase } = await import('../db/create-db.ts');
  const database = openDatabase({ url, dataDir: '' });
  try {
    return await testArchiveOn(database, readBackupFile(path), secret, new Date(nowIso));
  } finally {
    await database.close();
  }
}

/** restoreTestArchive in a worker thread: loading, digesting and walking every row there, not on the server's thread. */
export const restoreTestArchiveInWorker = (url: string, path: string, secret: BackupSecret | null, now: Date) =>
  runInWorker<ArchiveTest>(HERE, 'restoreTestArchive', [url, path, secret, now.toISOString()]);
