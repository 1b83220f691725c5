import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { ArchiveManifest } from '../archive/archive-format.ts';
import { dumpSnapshot } from '../archive/dump-snapshot.ts';
import type { AuditVerdict } from '../audit/verify-audit.ts';
import type { EncryptedSample } from '../crypto/encrypted-stores.ts';
import { fileIntegrityProblems, withFileSnapshot } from '../db/dialects/sqlite-file-snapshot.ts';
import { fdOf, writeBehind } from '../files/write-behind.ts';
import { runInWorker } from '../worker/run-in-worker.ts';
import type { BackupManifest, BackupSecret, BackupTrigger } from './backup-format.ts';
import { openPayload, readBackupFile } from './read-backup-file.ts';
import { manifestBodyOf, writeBackupFile } from './write-backup-file.ts';

// A backup of a SQLite database and its restore test read and write whole files (every row hashed
// for the manifest, gigabytes compressed or unpacked, the audit chain walked): minutes of work at
// a million customers. Each runs in one worker thread, start to end, so that the server's thread
// only starts it and records its result. The exported functions that take paths run inside that
// worker; the audit's imports load there only when asked for.

const HERE = new URL(import.meta.url);

/** Row counts, checksums, key ids and the audit head of a SQLite file that is not the live one. */
export function digestSqliteFile(path: string, nowIso: string): Promise<ArchiveManifest> {
  return withFileSnapshot(path, (snapshot) => dumpSnapshot(snapshot, { dialect: 'sqlite', now: new Date(nowIso) }));
}

export interface PackOptions {
  secret: BackupSecret | null;
  trigger: BackupTrigger;
  nowIso: string;
}

/** The backup file of a finished copy: its manifest (every table digested), then the copy compressed (and encrypted), written atomically. */
export async function packSqliteCopy(copy: string, path: string, options: PackOptions): Promise<{ manifest: BackupManifest; bytes: number }> {
  const archive = await digestSqliteFile(copy, options.nowIso);
  const databaseBytes = statSync(copy).size;
  return writeBackupFile(path, { payload: 'sqlite-file', secret: options.secret }, async (sink) => {
    for await (const chunk of createReadStream(copy, { highWaterMark: 1 << 20 })) await sink.write(chunk as Buffer);
    return manifestBodyOf(archive, { trigger: options.trigger, databaseBytes });
  });
}

export interface FileAudit {
  verdict: AuditVerdict;
  /** the last entry's hash, null when the log is empty */
  lastHash: string | null;
}

export interface FileCheck {
  manifest: ArchiveManifest;
  audit: FileAudit;
  /** a few encrypted values of each store, for the key check (which needs the keyring, so it stays with the caller) */
  samples: EncryptedSample[];
}

/** The restore test's reading of a restored copy: its digests, its audit chain verified, samples of its encrypted values. */
export async function checkSqliteFile(path: string, nowIso: string): Promise<FileCheck> {
  const manifest = await digestSqliteFile(path, nowIso);
  const [{ basename, dirname }, { sql }, { openDatabase }, { verifyAudit }, { encryptedSamples }] = await Promise.all([
    import('node:path'),
    import('kysely'),
    import('../db/create-db.ts'),
    import('../audit/verify-audit.ts'),
    import('../crypto/encrypted-stores.ts'),
  ]);
  const copy = openDatabase({ dataDir: dirname(path), fileName: basename(path) });
  try {
    const verdict = await verifyAudit(copy);
    const last = await sql<{ hash: string }>`select hash from audit_log order by id desc limit 1`.execute(copy.db);
    return { manifest, audit: { verdict, lastHash: last.rows[0]?.hash ?? null }, samples: await encryptedSamples(copy) };
  } finally {
    await copy.close();
  }
}

export interface ScratchRestore extends FileCheck {
  /** what integrity_check and foreign_key_check found in the restored file; empty when sound */
  integrity: string[];
}

/** The restore test of a SQLite backup file: unpacked into `scratch` (checksum and tag checked on the way), integrity-checked and read. */
export async function restoreTestSqliteFile(path: string, secret: BackupSecret | null, scratch: string, nowIso: string): Promise<ScratchRestore> {
  const out = createWriteStream(scratch, { mode: 0o600 });
  await pipeline(await openPayload(readBackupFile(path), secret), writeBehind(fdOf(out)), out);
  const integrity = fileIntegrityProblems(scratch);
  return { integrity, ...(await checkSqliteFile(scratch, nowIso)) };
}

/** digestSqliteFile in a worker thread. */
export const digestInWorker = (path: string, now: Date) => runInWorker<ArchiveManifest>(HERE, 'digestSqliteFile', [path, now.toISOString()]);
/** packSqliteCopy in a worker thread. */
export const packInWorker = (copy: string, path: string, options: PackOptions) => runInWorker<{ manifest: BackupManifest; bytes: number }>(HERE, 'packSqliteCopy', [copy, path, options]);
/** restoreTestSqliteFile in a worker thread. */
export const restoreTestInWorker = (path: string, secret: BackupSecret | null, scratch: string, now: Date) =>
  runInWorker<ScratchRestore>(HERE, 'restoreTestSqliteFile', [path, secret, scratch, now.toISOString()]);
