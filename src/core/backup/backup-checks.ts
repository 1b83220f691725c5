import type { ArchiveManifest, TableDigest } from '../archive/archive-format.ts';
import { firstUnreadable, missingKeys } from '../archive/assert-keys.ts';
import type { EncryptedSample } from '../crypto/encrypted-stores.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { migrations as knownMigrations } from '../db/migrations/index.ts';
import type { BackupManifest } from './backup-format.ts';

export type CheckName = 'file' | 'schema' | 'key' | 'integrity' | 'rows' | 'checksums' | 'audit' | 'upgrade';

export interface BackupCheck {
  check: CheckName;
  ok: boolean;
  detail: string;
}

export const passed = (check: CheckName, detail: string): BackupCheck => ({ check, ok: true, detail });
export const failed = (check: CheckName, detail: string): BackupCheck => ({ check, ok: false, detail });

/** This kehu's migrations the backup lacks (run forward on restore), and the backup's that this kehu does not know. */
export function migrationGap(manifest: Pick<BackupManifest, 'migrations'>) {
  const known = new Set(knownMigrations.map(([name]) => name));
  const had = new Set(manifest.migrations.map((m) => m.name));
  return {
    unknown: [...had].filter((name) => !known.has(name)),
    pending: knownMigrations.filter(([name]) => !had.has(name)),
  };
}

export function schemaCheck(manifest: BackupManifest): BackupCheck {
  const { unknown, pending } = migrationGap(manifest);
  if (unknown.length > 0) return failed('schema', `written by a newer kehu (${manifest.kehuVersion}): migrations ${unknown.join(', ')} are unknown here`);
  return passed('schema', `${manifest.migrations.length} migrations${pending.length > 0 ? `; ${pending.length} newer ones would run forward on restore` : ''}`);
}

export function keyCheck(keyring: Pick<Keyring, 'keyFor'>, manifest: BackupManifest): BackupCheck {
  const missing = missingKeys(keyring, manifest.keyIds);
  if (missing.length > 0) return failed('key', `the data needs encryption key ${missing.join(', ')}, which this kehu's keyring lacks`);
  return passed('key', manifest.keyIds.length > 0 ? `keyring holds ${manifest.keyIds.join(', ')}` : 'no encrypted values');
}

/**
 * The restored data's encrypted values open with this kehu's key (the ids alone do not tell one
 * KEHU_SECRET_KEY from another), over samples the restore test read in its worker (finding them scans whole tables).
 */
export function keySampleCheck(keyring: Pick<Keyring, 'keyFor'>, samples: EncryptedSample[]): BackupCheck {
  const sample = firstUnreadable(keyring, samples);
  if (sample) return failed('key', `the data was encrypted with another key than this kehu's: ${sample.where} cannot be decrypted`);
  return passed('key', 'a sample of every encrypted store decrypts');
}

/** Row counts and checksums of what was restored, against what the manifest promised. */
export function digestChecks(expected: Record<string, TableDigest>, found: ArchiveManifest['digests']): BackupCheck[] {
  const wrongCount: string[] = [];
  const wrongSum: string[] = [];
  let rows = 0;
  for (const table of new Set([...Object.keys(expected), ...Object.keys(found)])) {
    const a = expected[table];
    const b = found[table];
    rows += b?.rows ?? 0;
    if (a?.rows !== b?.rows) wrongCount.push(`${table} ${b?.rows ?? 'missing'} (manifest ${a?.rows ?? 'missing'})`);
    else if (a?.sha256 !== b?.sha256) wrongSum.push(table);
  }
  return [
    wrongCount.length > 0 ? failed('rows', `row counts differ: ${wrongCount.join(', ')}`) : passed('rows', `${rows} rows in ${Object.keys(found).length} tables, as in the manifest`),
    wrongSum.length > 0 ? failed('checksums', `content differs in ${wrongSum.join(', ')}`) : passed('checksums', 'every table matches its SHA-256'),
  ];
}

export function auditCheck(manifest: BackupManifest, verdict: { ok: boolean; entries: number; reason?: string }, headHash: string | null): BackupCheck {
  if (!verdict.ok) return failed('audit', `the audit chain is broken after ${verdict.entries} entries: ${verdict.reason ?? ''}`);
  if (verdict.entries !== manifest.audit.entries || headHash !== manifest.audit.headHash) {
    return failed('audit', `the audit chain has ${verdict.entries} entries ending in ${headHash ?? 'none'}; the manifest says ${manifest.audit.entries} ending in ${manifest.audit.headHash ?? 'none'}`);
  }
  return passed('audit', `${verdict.entries} entries verify, ending in ${(headHash ?? 'none').slice(0, 12)}…`);
}
