import type { Kysely } from 'kysely';
import type { DuplicateEntity, DuplicateRecordSummaryShape } from '../../domain/duplicate.ts';
import type { Schema } from '../db/schema.ts';
import { insertRows } from '../records/insert-batches.ts';
import { Clusters } from './clusters.ts';
import type { FoundPair } from './find-pairs.ts';

const pairKey = (a: number, b: number) => `${a}:${b}`;

/**
 * Replaces the open pairs of `entity` with `found`. Pairs already dismissed ("not a
 * duplicate") or merged keep their status and are not stored again. Runs in the caller's
 * transaction. Returns how many open pairs and clusters were stored.
 */
export async function replaceOpenPairs(db: Kysely<Schema>, entity: DuplicateEntity, found: FoundPair[], now: string): Promise<{ pairs: number; clusters: number }> {
  const decided = await db.selectFrom('duplicate_pairs').select(['a_id', 'b_id']).where('entity', '=', entity).where('status', '!=', 'open').execute();
  const skip = new Set(decided.map((d) => pairKey(Number(d.a_id), Number(d.b_id))));
  await db.deleteFrom('duplicate_pairs').where('entity', '=', entity).where('status', '=', 'open').execute();
  const open = found.filter((p) => !skip.has(pairKey(p.a, p.b)));
  const clusters = new Clusters();
  for (const pair of open) clusters.union(pair.a, pair.b);
  const rows = open.map((p) => ({
    entity,
    a_id: p.a,
    b_id: p.b,
    score: Math.round(p.score * 1000),
    // the reasons as codes and parameters, so that each reader gets them in their language
    reasons: JSON.stringify(p.reasonCodes),
    cluster_id: clusters.groupOf(p.a),
    status: 'open',
    found_at: now,
  }));
  await insertRows(db, 'duplicate_pairs', rows);
  return { pairs: rows.length, clusters: clusters.count() };
}

/** Summaries of customers (ids already checked against the access policy). */
export async function customerSummaries(db: Kysely<Schema>, ids: number[]): Promise<Map<number, DuplicateRecordSummaryShape>> {
  const summaries = new Map<number, DuplicateRecordSummaryShape>();
  if (ids.length === 0) return summaries;
  const rows = await db.selectFrom('customers').select(['id', 'kind', 'name', 'city', 'owner_id']).where('id', 'in', ids).execute();
  const points = await pointLists(db, 'customer_id', ids);
  for (const row of rows) {
    const id = Number(row.id);
    summaries.set(id, { id, kind: row.kind, name: row.name, city: row.city, ownerId: row.owner_id, customerId: null, ...(points.get(id) ?? { phones: [], emails: [] }) });
  }
  return summaries;
}

/** Summaries of contacts (ids already checked against the access policy). */
export async function contactSummaries(db: Kysely<Schema>, ids: number[]): Promise<Map<number, DuplicateRecordSummaryShape>> {
  const summaries = new Map<number, DuplicateRecordSummaryShape>();
  if (ids.length === 0) return summaries;
  const rows = await db.selectFrom('contacts').select(['id', 'name', 'customer_id']).where('id', 'in', ids).execute();
  const points = await pointLists(db, 'contact_id', ids);
  for (const row of rows) {
    const id = Number(row.id);
    summaries.set(id, { id, kind: 'contact', name: row.name, city: null, ownerId: null, customerId: row.customer_id, ...(points.get(id) ?? { phones: [], emails: [] }) });
  }
  return summaries;
}

async function pointLists(db: Kysely<Schema>, owner: 'customer_id' | 'contact_id', ids: number[]) {
  const lists = new Map<number, { phones: string[]; emails: string[] }>();
  const rows = await db
    .selectFrom('contact_points')
    .select([`contact_points.${owner} as owner`, 'kind', 'value'])
    .where(`contact_points.${owner}`, 'in', ids)
    .orderBy('is_primary', 'desc')
    .orderBy('position')
    .execute();
  for (const row of rows) {
    const id = Number(row.owner);
    let list = lists.get(id);
    if (!list) lists.set(id, (list = { phones: [], emails: [] }));
    (row.kind === 'phone' ? list.phones : list.emails).push(row.value);
  }
  return lists;
}
