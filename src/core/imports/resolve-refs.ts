import { sql, type Kysely } from 'kysely';
import { normaliseEmail } from '../../domain/email.ts';
import { codedField, type FieldError } from '../../domain/errors.ts';
import { formatMessage, type MessageCode, type MessageParams } from '../../domain/messages.ts';
import { normaliseName } from '../../domain/text.ts';
import type { Ctx } from '../context.ts';
import { customersQuery } from '../customers/customers.repository.ts';
import type { Schema } from '../db/schema.ts';

/** `missing`: no customer of that name that the importer can see (a contacts import may create it). */
export type Resolved = { id: number } | { error: string; code: MessageCode; params?: MessageParams; missing?: boolean };

/** A reference that could not be resolved, in English and by its message code. */
export const unresolved = (code: MessageCode, value: string, extra: { missing?: boolean } = {}): Exclude<Resolved, { id: number }> => ({
  error: formatMessage('en', code, { value }) ?? code,
  code,
  params: { value },
  ...extra,
});

/** The row's error for a reference that could not be resolved. */
export const unresolvedError = (field: string, resolved: Exclude<Resolved, { id: number }>): FieldError =>
  ({ ...codedField(field, resolved.code, resolved.params), message: resolved.error });

/**
 * Owner cells (a user's email or exact name) to user ids, once per distinct value. Whether the
 * importer may hand customers to that user is the customer preparation's rule (customerDatabaseChecks).
 */
export async function resolveOwners(ctx: Ctx, cells: string[], cache: Map<string, Resolved>): Promise<Map<string, Resolved>> {
  for (const cell of new Set(cells)) {
    if (cache.has(cell)) continue;
    const email = normaliseEmail(cell);
    const user = await ctx.db
      .selectFrom('users')
      .select(['id', 'disabled'])
      .$if(email.ok, (q) => q.where('email', '=', email.ok ? email.value : ''))
      .$if(!email.ok, (q) => q.where('name', '=', normaliseName(cell)))
      .execute();
    if (user.length !== 1) {
      cache.set(cell, unresolved(user.length === 0 ? 'import.no_user' : 'import.user_ambiguous', cell));
      continue;
    }
    cache.set(cell, { id: (user[0] as { id: number }).id });
  }
  return cache;
}

/** Visible, live customers by exact name or external id, once per distinct value. */
export async function resolveCustomers(
  ctx: Ctx,
  refs: Array<{ name?: string; externalId?: string }>,
  cache: Map<string, Resolved>,
): Promise<void> {
  for (const ref of refs) {
    const key = customerRefKey(ref);
    if (key === null || cache.has(key)) continue;
    const rows = await customersQuery(ctx)
      .select('customers.id')
      .where('customers.deleted_at', 'is', null)
      .$if(ref.externalId !== undefined, (q) => q.where('customers.external_id', '=', ref.externalId as string))
      .$if(ref.externalId === undefined, (q) => q.where('customers.name', '=', normaliseName(ref.name ?? '')))
      .limit(2)
      .execute();
    const byId = ref.externalId !== undefined;
    const value = (byId ? ref.externalId : ref.name) ?? '';
    if (rows.length === 1) cache.set(key, { id: (rows[0] as { id: number }).id });
    else if (rows.length === 0) cache.set(key, unresolved(byId ? 'import.no_customer_external' : 'import.no_customer_named', value, { missing: !byId }));
    else cache.set(key, unresolved(byId ? 'import.customer_ambiguous_external' : 'import.customer_ambiguous_named', value));
  }
}

export const customerRefKey = (ref: { name?: string; externalId?: string }): string | null =>
  ref.externalId !== undefined ? `x:${ref.externalId}` : ref.name !== undefined ? `n:${normaliseName(ref.name)}` : null;

/** Runs `work` so that its failure undoes only its own statements, not the batch's transaction. */
export async function inSavepoint<T>(db: Kysely<Schema>, work: () => Promise<T>): Promise<T> {
  await sql`savepoint import_row`.execute(db);
  try {
    const result = await work();
    await sql`release savepoint import_row`.execute(db);
    return result;
  } catch (error) {
    await sql`rollback to savepoint import_row`.execute(db);
    await sql`release savepoint import_row`.execute(db);
    throw error;
  }
}

const FREE_MAIL = new Set(['qq.com', '163.com', '126.com', 'yeah.net', 'sina.com', 'sina.cn', 'sohu.com', 'foxmail.com', 'aliyun.com', '139.com', '189.cn', 'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'icloud.com', 'me.com', 'proton.me', 'protonmail.com', 'gmx.de', 'web.de']);

/**
 * The one visible, live customer reached at an e-mail address of this domain (a contact at
 * zhang@acme.cn belongs to the customer with info@acme.cn); free-mail domains say nothing.
 */
export async function customerByEmailDomain(ctx: Ctx, email: string, cache: Map<string, Resolved>): Promise<number | null> {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  if (!domain || FREE_MAIL.has(domain)) return null;
  const key = `d:${domain}`;
  if (!cache.has(key)) {
    const rows = await customersQuery(ctx)
      .innerJoin('contact_points', 'contact_points.customer_id', 'customers.id')
      .select('customers.id')
      .distinct()
      .where('customers.deleted_at', 'is', null)
      .where('contact_points.kind', '=', 'email')
      .where('contact_points.value', 'like', `%@${domain}`)
      .limit(2)
      .execute();
    cache.set(key, rows.length === 1 ? { id: Number((rows[0] as { id: number }).id) } : { error: formatMessage('en', 'import.no_customer_at_domain') ?? '', code: 'import.no_customer_at_domain' });
  }
  const found = cache.get(key);
  return found && 'id' in found ? found.id : null;
}
