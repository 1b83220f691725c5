import type { ArchiveManifest } from '../archive/archive-format.ts';
import { dumpSnapshot } from '../archive/dump-snapshot.ts';
import type { AuditVerdict } from '../audit/verify-audit.ts';
import type { EncryptedSample } from '../crypto/encrypted-stores.ts';
import { withFileSnapshot } from '../db/dialects/sqlite-file-snapshot.ts';
import { runInWorker } from '../worker/run-in-worker.ts';

// Reading a whole SQLite copy (every row hashed for the manifest, the audit chain walked) takes
// minutes at a million customers and would hold the server's writers in turns of up to a GC
// pause or a bulk audit entry: it runs in a worker thread. The exported functions that take a
// path run inside that worker; the audit's imports load there only when it is asked for.

const HERE = new URL(import.meta.url);

/** Row counts, checksums, key ids and the audit head of a SQLite file that is not the live one. */
export function digestSqliteFile(path: string, nowIso: string): Promise<ArchiveManifest> {
  return withFileSnapshot(path, (snapshot) => dumpSnapshot(snapshot, { dialect: 'sqlite', now: new Date(nowIso) }));
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

/** digestSqliteFile in a worker thread. */
export const digestInWorker = (path: string, now: Date) => runInWorker<ArchiveManifest>(HERE, 'digestSqliteFile', [path, now.toISOString()]);
/** checkSqliteFile in a worker thread. */
export const checkInWorker = (path: string, now: Date) => runInWorker<FileCheck>(HERE, 'checkSqliteFile', [path, now.toISOString()]);
