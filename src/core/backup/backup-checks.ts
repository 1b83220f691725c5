import type { AuditVerdict } from '../audit/verify-audit.ts';
import type { ArchiveManifest, TableDigest } from '../archive/archive-format.ts';
import { firstUnreadable, missingKeys } from '../archive/assert-keys.ts';
import type { EncryptedSample } from '../crypto/encrypted-stores.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { migrations as knownMigrations } from '../db/migrations/index.ts';
import { isAppError } from '../../domain/errors.ts';
import { formatMessage, NESTED_REASONS, nestedReasons, type MessageCode, type MessageParams } from '../../domain/messages.ts';
import type { BackupManifest } from './backup-format.ts';

export type CheckName = 'file' | 'schema' | 'key' | 'integrity' | 'rows' | 'checksums' | 'audit' | 'upgrade';

export interface BackupCheck {
  check: CheckName;
  ok: boolean;
  /** what was found, in English; code and params say it in other languages */
  detail: string;
  code: MessageCode;
  params: MessageParams;
}

const check = (name: CheckName, ok: boolean, code: MessageCode, params: MessageParams = {}): BackupCheck => ({ check: name, ok, detail: formatMessage('en', code, params) ?? code, code, params });
export const passed = (name: CheckName, code: MessageCode, params?: MessageParams): BackupCheck => check(name, true, code, params);
export const failed = (name: CheckName, code: MessageCode, params?: MessageParams): BackupCheck => check(name, false, code, params);

/** A check that could not run: the backup could not be opened. It counts against the test, but is no finding. */
export const notRun = (name: CheckName): BackupCheck => failed(name, 'backup.check_not_run');
/** The checks that ran and failed. */
export const failedOnes = (checks: BackupCheck[]): BackupCheck[] => checks.filter((c) => !c.ok && c.code !== 'backup.check_not_run');

/** A check failed by an error: its own code when it has one (a damaged file), else its text (an I/O error's). */
export function failedBy(name: CheckName, error: unknown): BackupCheck {
  if (isAppError(error) && error.messageCode !== error.code) return { check: name, ok: false, detail: error.message, code: error.messageCode, params: error.params };
  return failed(name, 'backup.check_error', { reason: (error as Error).message });
}

/** The failed checks as a message's {{reasons}}: `check: detail; …` in English, each check's code for other languages. */
export function failedChecks(checks: BackupCheck[]): MessageParams {
  const bad = failedOnes(checks);
  return {
    reasons: bad.map((c) => `${c.check}: ${c.detail}`).join('; '),
    [NESTED_REASONS]: JSON.stringify(bad.map((c) => ({ field: `check:${c.check}`, code: c.code, params: c.params }))),
  };
}

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
  if (unknown.length > 0) return failed('schema', 'backup.check_newer_kehu', { version: manifest.kehuVersion, migrations: unknown.join(', ') });
  const params = { n: manifest.migrations.length, pending: pending.length };
  return pending.length > 0 ? passed('schema', 'backup.check_migrations_pending', params) : passed('schema', 'backup.check_migrations', params);
}

export function keyCheck(keyring: Pick<Keyring, 'keyFor'>, manifest: BackupManifest): BackupCheck {
  const missing = missingKeys(keyring, manifest.keyIds);
  if (missing.length > 0) return failed('key', 'backup.check_key_missing', { keys: missing.join(', ') });
  return manifest.keyIds.length > 0 ? passed('key', 'backup.check_keyring_holds', { keys: manifest.keyIds.join(', ') }) : passed('key', 'backup.check_no_encrypted');
}

/**
 * The restored data's encrypted values open with this kehu's key (the ids alone do not tell one
 * KEHU_SECRET_KEY from another), over samples the restore test read in its worker (finding them scans whole tables).
 */
export function keySampleCheck(keyring: Pick<Keyring, 'keyFor'>, samples: EncryptedSample[]): BackupCheck {
  const sample = firstUnreadable(keyring, samples);
  if (sample) return failed('key', 'backup.check_key_other', { store: sample.where });
  return passed('key', 'backup.check_samples_decrypt');
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
    if (a?.rows !== b?.rows) wrongCount.push(`${table} ${b?.rows ?? '-'} ≠ ${a?.rows ?? '-'}`);
    else if (a?.sha256 !== b?.sha256) wrongSum.push(table);
  }
  return [
    wrongCount.length > 0 ? failed('rows', 'backup.check_row_counts', { tables: wrongCount.join(', ') }) : passed('rows', 'backup.check_rows', { rows, tables: Object.keys(found).length }),
    wrongSum.length > 0 ? failed('checksums', 'backup.check_content_differs', { tables: wrongSum.join(', ') }) : passed('checksums', 'backup.check_checksums'),
  ];
}

export function auditCheck(manifest: BackupManifest, verdict: AuditVerdict, headHash: string | null): BackupCheck {
  if (!verdict.ok) return failed('audit', 'backup.check_audit_broken', { entries: verdict.entries, ...nestedReasons([{ field: 'row', message: verdict.reason, code: verdict.code, params: verdict.params }]) });
  if (verdict.entries !== manifest.audit.entries || headHash !== manifest.audit.headHash) {
    return failed('audit', 'backup.check_audit_mismatch', { entries: verdict.entries, head: headHash ?? '-', expected: manifest.audit.entries, expectedHead: manifest.audit.headHash ?? '-' });
  }
  return passed('audit', 'backup.check_audit', { entries: verdict.entries, head: (headHash ?? '-').slice(0, 12) });
}
