import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import type { DuplicateEntity } from '../../domain/duplicate.ts';
import { codedError } from '../../domain/errors.ts';
import { visibleContacts } from '../contacts/contacts.policy.ts';
import type { Actor } from '../context.ts';
import { ofVisibleCustomer } from '../customers/customers.policy.ts';
import type { Schema } from '../db/schema.ts';

/** A scan reads every record, whoever owns it: admins and managers only. */
export function assertCanScan(actor: Actor): void {
  if (actor.role !== 'admin' && actor.role !== 'manager') {
    throw codedError('forbidden', 'duplicates.manager_only');
  }
}

function visibleRecord(actor: Actor, entity: DuplicateEntity, column: 'duplicate_pairs.a_id' | 'duplicate_pairs.b_id'): Expression<SqlBool> {
  if (entity === 'customers') return ofVisibleCustomer(actor, column);
  const eb = expressionBuilder<Schema, 'contacts'>();
  return eb.exists(
    eb
      .selectFrom('contacts')
      .select('contacts.id')
      .where(sql<boolean>`${sql.ref('contacts.id')} = ${sql.ref(column)}`)
      .where('contacts.deleted_at', 'is', null)
      .where(visibleContacts(actor)),
  );
}

/** Pairs whose two records the actor may both see (and that are not in the recycle bin). */
export function visiblePairs(actor: Actor, entity: DuplicateEntity): Expression<SqlBool> {
  const eb = expressionBuilder<Schema, 'duplicate_pairs'>();
  return eb.and([visibleRecord(actor, entity, 'duplicate_pairs.a_id'), visibleRecord(actor, entity, 'duplicate_pairs.b_id')]);
}
