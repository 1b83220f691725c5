import { formatMessage, type MessageCode, type MessageParams } from '../../domain/messages.ts';
import type { Deps } from '../context.ts';
import { auditHash, GENESIS_HASH } from './audit-hash.ts';

export type AuditVerdict =
  | { ok: true; entries: number }
  | { ok: false; entries: number; entryId: number; reason: string; code: MessageCode; params: MessageParams };

/** A broken entry: what is wrong in English, and its code for other languages. */
const broken = (entries: number, entryId: number, code: MessageCode, params: MessageParams = {}): AuditVerdict => ({ ok: false, entries, entryId, reason: formatMessage('en', code, params) ?? code, code, params });

const BATCH = 1000;

type Subjects = Map<number, string[]>;

/** The `[id, row]` pairs an entry's changes list under `records` (bulk writes), as comparable keys. */
function listedRecords(changes: unknown): string[] | null {
  const records = (changes as { records?: [unknown, unknown] } | null)?.records?.[1];
  if (!Array.isArray(records)) return null;
  return records.map((r) => (Array.isArray(r) ? `${Number(r[0])}:${r[1] ?? ''}` : `?${JSON.stringify(r)}`)).sort();
}

/** The audit_subjects rows of the entries with ids from `from` to `to`, by entry. */
async function subjectsBetween(deps: Pick<Deps, 'db'>, from: number, to: number): Promise<Subjects> {
  const rows = await deps.db.selectFrom('audit_subjects').select(['audit_id', 'entity_id', 'row']).where('audit_id', '>=', from).where('audit_id', '<=', to).execute();
  const byEntry: Subjects = new Map();
  for (const r of rows) {
    const key = `${Number(r.entity_id)}:${r.row ?? ''}`;
    const list = byEntry.get(Number(r.audit_id));
    if (list) list.push(key);
    else byEntry.set(Number(r.audit_id), [key]);
  }
  return byEntry;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Walks the audit chain in id order, a batch at a time, and names the first entry whose
 * content no longer matches its hash (edited) or whose link to the previous entry is
 * broken (an entry before it was removed or edited). A bulk entry's records must match the
 * audit_subjects rows that index it, or a record's history would show too much or too little.
 */
export async function verifyAudit(deps: Pick<Deps, 'db' | 'dialect'>): Promise<AuditVerdict> {
  let prevHash = GENESIS_HASH;
  let lastId = 0;
  let entries = 0;
  for (;;) {
    const rows = await deps.db.selectFrom('audit_log').selectAll().where('id', '>', lastId).orderBy('id').limit(BATCH).execute();
    const subjects = rows.length === 0 ? new Map() : await subjectsBetween(deps, lastId + 1, rows.at(-1)?.id ?? lastId);
    for (const row of rows) {
      if (row.prev_hash !== prevHash) {
        return lastId === 0 ? broken(entries, row.id, 'audit.first_prev_hash') : broken(entries, row.id, 'audit.prev_hash', { before: lastId });
      }
      const changes = deps.dialect.parseJson(row.changes);
      const expected = auditHash(row.prev_hash, { ...row, changes });
      if (row.hash !== expected) {
        return broken(entries, row.id, 'audit.hash');
      }
      const listed = listedRecords(changes) ?? [];
      const indexed = (subjects.get(row.id) ?? []).sort();
      if (!sameList(listed, indexed)) {
        return broken(entries, row.id, 'audit.subjects', { listed: listed.length, indexed: indexed.length });
      }
      prevHash = row.hash;
      lastId = row.id;
      entries += 1;
    }
    if (rows.length < BATCH) return { ok: true, entries };
  }
}
