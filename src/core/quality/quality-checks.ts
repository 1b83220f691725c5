import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import type { QualityCheckKey } from '../../domain/quality.ts';
import type { Schema } from '../db/schema.ts';

const eb = () => expressionBuilder<Schema, 'customers'>();
const ownPoint = (kind: 'phone' | 'email') =>
  eb()
    .selectFrom('contact_points as p')
    .select('p.id')
    .where(sql<boolean>`${sql.ref('p.customer_id')} = ${sql.ref('customers.id')}`)
    .where('p.kind', '=', kind);

// Every write stores phones as E.164 and e-mails lower-cased and checked; these find values
// that came in some other way (a hand edit, an old import). Plain LIKE/length: same on both databases.
const badPhone = sql<boolean>`(p.value not like '+%' or length(p.value) < 8 or length(p.value) > 16 or p.value like '% %' or p.value like '%-%')`;
const badEmail = sql<boolean>`(p.value not like '%_@_%._%' or p.value like '% %' or p.value like '%@%@%' or p.value <> lower(p.value))`;

export interface CheckSpec {
  key: QualityCheckKey;
  label: string;
  where: (cutoff: string) => Expression<SqlBool>;
}

/** The checks on customers, each a condition on the `customers` table. */
export const CUSTOMER_CHECKS: readonly CheckSpec[] = [
  {
    key: 'no_phone_or_email',
    label: 'no phone and no e-mail',
    where: () => eb().not(eb().exists(eb().selectFrom('contact_points as p').select('p.id').where(sql<boolean>`${sql.ref('p.customer_id')} = ${sql.ref('customers.id')}`))),
  },
  { key: 'no_owner', label: 'no owner (public pool)', where: () => eb()('customers.owner_id', 'is', null) },
  { key: 'no_city', label: 'no city', where: () => eb()('customers.city', 'is', null) },
  { key: 'no_industry', label: 'no industry', where: () => eb()('customers.industry', 'is', null) },
  { key: 'invalid_phone', label: 'a phone not stored in E.164', where: () => eb().exists(ownPoint('phone').where(badPhone)) },
  { key: 'invalid_email', label: 'an e-mail that fails validation', where: () => eb().exists(ownPoint('email').where(badEmail)) },
  {
    key: 'stale',
    label: 'stale: no interaction in the period',
    where: (cutoff) =>
      eb().and([
        eb()('customers.created_at', '<', cutoff),
        eb().not(
          eb().exists(
            eb()
              .selectFrom('interactions as i')
              .select('i.id')
              .where(sql<boolean>`${sql.ref('i.customer_id')} = ${sql.ref('customers.id')}`)
              .where('i.deleted_at', 'is', null)
              .where('i.occurred_at', '>=', cutoff),
          ),
        ),
      ]),
  },
];
