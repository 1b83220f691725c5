import type { ExpressionBuilder } from 'kysely';
import { scorePair } from '../../domain/duplicate-score.ts';
import type { DuplicateCandidateShape } from '../../domain/duplicate.ts';
import { personNameKeys } from '../../domain/similarity.ts';
import { notFound } from '../../domain/errors.ts';
import type { Ctx } from '../context.ts';
import { customersQuery } from '../customers/customers.repository.ts';
import type { Schema } from '../db/schema.ts';
import { customerSummaries } from './duplicates.repository.ts';
import { readCustomerRecords } from './read-records.ts';

const CANDIDATES = 200;
/** Lower than the scan's bar: on a customer's page, "possibly the same" is worth a look. */
const MIN_SCORE = 0.5;

/**
 * Likely duplicates of one customer, computed now (not from the last scan), best first: other
 * visible customers sharing a phone, e-mail, ID number, pinyin name or company core, scored.
 * Pairs marked "not a duplicate" are left out. 404 for a customer the actor may not see.
 */
export async function findDuplicatesOf(ctx: Ctx, customerId: number): Promise<{ items: DuplicateCandidateShape[] }> {
  const visible = await customersQuery(ctx).select('customers.id').where('customers.id', '=', customerId).where('customers.deleted_at', 'is', null).executeTakeFirst();
  const [self] = visible ? await readCustomerRecords(ctx.db, [customerId]) : [];
  if (!self) throw notFound('customer', customerId);
  const others = customersQuery(ctx).select('customers.id').where('customers.deleted_at', 'is', null).where('customers.id', '!=', customerId).limit(CANDIDATES);
  const queries = [];
  // Through the (kind, value) index: customers sharing a phone or an e-mail.
  for (const [kind, values] of [['phone', self.phones], ['email', self.emails]] as const) {
    if (values.length === 0) continue;
    const sharing = (eb: ExpressionBuilder<Schema, 'customers'>) =>
      eb
        .selectFrom('contact_points')
        .select('contact_points.customer_id')
        .where('contact_points.kind', '=', kind)
        .where('contact_points.value', 'in', values)
        .where('contact_points.customer_id', 'is not', null);
    queries.push(others.where('customers.id', 'in', sharing));
  }
  const nameKeys = self.person ? personNameKeys(self.person) : [];
  if (nameKeys.length > 0) queries.push(others.where('customers.name_pinyin', 'in', nameKeys));
  if (self.company && self.company.core.length >= 3) queries.push(ctx.dialect.restrictToMatches(others, 'customers', [self.company.core]));
  if (self.idKey !== null) queries.push(others.where('customers.id_number_bidx', '=', self.idKey));
  const ids = new Set<number>();
  for (const query of queries) for (const row of await query.execute()) ids.add(Number(row.id));
  const dismissed = await ctx.db
    .selectFrom('duplicate_pairs')
    .select(['a_id', 'b_id'])
    .where('entity', '=', 'customers')
    .where('status', '=', 'dismissed')
    .where((eb) => eb.or([eb('a_id', '=', customerId), eb('b_id', '=', customerId)]))
    .execute();
  for (const d of dismissed) ids.delete(Number(d.a_id) === customerId ? Number(d.b_id) : Number(d.a_id));
  const scored = (await readCustomerRecords(ctx.db, [...ids]))
    .map((record) => ({ id: record.id, ...scorePair(self, record) }))
    .filter((c) => c.score >= MIN_SCORE)
    .sort((x, y) => y.score - x.score || x.id - y.id);
  const summaries = await customerSummaries(ctx.db, scored.map((c) => c.id));
  const items = scored.flatMap((c) => {
    const customer = summaries.get(c.id);
    return customer ? [{ customer, score: c.score, reasons: c.reasons, reasonCodes: c.reasonCodes }] : [];
  });
  return { items };
}
