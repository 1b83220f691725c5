import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type { AuditEntryShape, FieldChanges } from '../../domain/audit.ts';
import type { Deps } from '../context.ts';
import type { Schema } from '../db/schema.ts';
import { padded } from '../imports/match-duplicates.ts';

/** Ids of records of one entity, as a list or a subquery selecting `id`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a subquery over any record table
export type RecordIds = readonly number[] | SelectQueryBuilder<any, any, { id: number }>;

const inList = (ids: RecordIds) => (isList(ids) ? padded([...ids]) : ids);
const isList = (ids: RecordIds): ids is readonly number[] => Array.isArray(ids);

/** Entries of bulk writes that cover one of `ids` of `entity`: a condition on audit_log. */
export const coversRecords = (eb: ExpressionBuilder<Schema, 'audit_log'>, entity: string, ids: RecordIds) =>
  eb(
    'audit_log.id',
    'in',
    eb.selectFrom('audit_subjects').select('audit_subjects.audit_id').where('audit_subjects.entity', '=', entity).where('audit_subjects.entity_id', 'in', inList(ids)),
  );

/**
 * Bulk entries as the history of some records shows them: only the covered records among the
 * ones asked about (`entity` → their ids), and one record alone as that record's own entry
 * with its row, e.g. `{ importJob: [null, 7], row: [null, 12] }`. Other entries pass unchanged.
 */
export async function narrowToSubjects(deps: Pick<Deps, 'db'>, entries: AuditEntryShape[], asked: Record<string, RecordIds>): Promise<AuditEntryShape[]> {
  const bulk = entries.filter((e) => e.entityId === null && e.changes.records !== undefined && asked[e.entity] !== undefined);
  if (bulk.length === 0) return entries;
  const found = new Map<number, Array<{ id: number; row: number | null }>>();
  for (const [entity, ids] of Object.entries(asked)) {
    const auditIds = bulk.filter((e) => e.entity === entity).map((e) => e.id);
    if (auditIds.length === 0) continue;
    const rows = await deps.db
      .selectFrom('audit_subjects')
      .select(['audit_id', 'entity_id', 'row'])
      .where('audit_id', 'in', auditIds)
      .where('entity', '=', entity)
      .where('entity_id', 'in', inList(ids))
      .orderBy('entity_id')
      .execute();
    for (const r of rows) {
      const list = found.get(Number(r.audit_id)) ?? [];
      list.push({ id: Number(r.entity_id), row: r.row === null ? null : Number(r.row) });
      found.set(Number(r.audit_id), list);
    }
  }
  return entries.map((entry) => {
    const subjects = found.get(entry.id);
    if (!subjects) return entry;
    const { records: _all, ...rest } = entry.changes;
    const only = subjects.length === 1 ? subjects[0] : undefined;
    if (only) return { ...entry, entityId: only.id, changes: only.row === null ? rest : { ...rest, row: [null, only.row] } };
    return { ...entry, changes: { ...rest, records: [null, subjects.map((s) => [s.id, s.row])] } satisfies FieldChanges };
  });
}
