import type { Deps } from '../context.ts';
import { auditHash, GENESIS_HASH } from './audit-hash.ts';

export type AuditVerdict =
  | { ok: true; entries: number }
  | { ok: false; entries: number; entryId: number; reason: string };

const BATCH = 1000;

/**
 * Walks the audit chain in id order, a batch at a time, and names the first entry whose
 * content no longer matches its hash (edited) or whose link to the previous entry is
 * broken (an entry before it was removed or edited).
 */
export async function verifyAudit(deps: Pick<Deps, 'db' | 'dialect'>): Promise<AuditVerdict> {
  let prevHash = GENESIS_HASH;
  let lastId = 0;
  let entries = 0;
  for (;;) {
    const rows = await deps.db.selectFrom('audit_log').selectAll().where('id', '>', lastId).orderBy('id').limit(BATCH).execute();
    for (const row of rows) {
      if (row.prev_hash !== prevHash) {
        const reason = `its prev_hash does not match the hash of the entry before it (${lastId === 0 ? 'none' : lastId}): an entry was removed or altered`;
        return { ok: false, entries, entryId: row.id, reason };
      }
      const expected = auditHash(row.prev_hash, { ...row, changes: deps.dialect.parseJson(row.changes) });
      if (row.hash !== expected) {
        return { ok: false, entries, entryId: row.id, reason: 'its content does not match its hash: the entry was altered' };
      }
      prevHash = row.hash;
      lastId = row.id;
      entries += 1;
    }
    if (rows.length < BATCH) return { ok: true, entries };
  }
}
