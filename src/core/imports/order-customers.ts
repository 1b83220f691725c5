import { normaliseEmail } from '../../domain/email.ts';
import { normalisePhone } from '../../domain/phone.ts';
import type { Ctx } from '../context.ts';
import { customersQuery } from '../customers/customers.repository.ts';
import { unresolved, type Resolved } from './resolve-refs.ts';

/** An import row's customer named by an e-mail address or phone number (of the customer or one of its contacts). */
export interface ContactPointRef {
  kind: 'email' | 'phone';
  raw: string;
}

/** The normalised value a reference looks up, or null when the cell is no e-mail / phone at all. */
export function contactPointValue(ctx: Pick<Ctx, 'settings'>, ref: ContactPointRef): string | null {
  const result = ref.kind === 'email' ? normaliseEmail(ref.raw) : normalisePhone(ref.raw, ctx.settings.defaultRegion);
  return result.ok ? result.value : null;
}

export const contactPointKey = (ctx: Pick<Ctx, 'settings'>, ref: ContactPointRef): string => `${ref.kind === 'email' ? 'e' : 'p'}:${contactPointValue(ctx, ref) ?? ref.raw}`;

/**
 * Visible, live customers reached at these e-mail addresses or phone numbers (their own, or a
 * contact person's), once per distinct value; none or several is the row's error.
 */
export async function resolveCustomersByContactPoint(ctx: Ctx, refs: ContactPointRef[], cache: Map<string, Resolved>): Promise<void> {
  for (const ref of refs) {
    const key = contactPointKey(ctx, ref);
    if (cache.has(key)) continue;
    const value = contactPointValue(ctx, ref);
    if (value === null) {
      cache.set(key, unresolved(ref.kind === 'email' ? 'import.not_an_email' : 'import.not_a_phone', ref.raw));
      continue;
    }
    const own = await customersQuery(ctx)
      .innerJoin('contact_points as p', 'p.customer_id', 'customers.id')
      .where('customers.deleted_at', 'is', null)
      .where('p.kind', '=', ref.kind)
      .where('p.value', '=', value)
      .select('customers.id')
      .distinct()
      .limit(2)
      .execute();
    const rows = own.length > 0
      ? own
      : await customersQuery(ctx)
          .innerJoin('contacts as c', 'c.customer_id', 'customers.id')
          .innerJoin('contact_points as p', 'p.contact_id', 'c.id')
          .where('customers.deleted_at', 'is', null)
          .where('c.deleted_at', 'is', null)
          .where('p.kind', '=', ref.kind)
          .where('p.value', '=', value)
          .select('customers.id')
          .distinct()
          .limit(2)
          .execute();
    if (rows.length === 1) cache.set(key, { id: Number((rows[0] as { id: number }).id) });
    else cache.set(key, unresolved(rows.length === 0 ? (ref.kind === 'email' ? 'import.no_customer_email' : 'import.no_customer_phone') : ref.kind === 'email' ? 'import.customer_ambiguous_email' : 'import.customer_ambiguous_phone', ref.raw));
  }
}

/** The one line of an imported order that names no product (a plain history of customer, date and amount). */
export const ORDER_WITHOUT_PRODUCTS = '订单 Order';
