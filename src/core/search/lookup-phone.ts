import { validationError } from '../../domain/errors.ts';
import { normalisePhone } from '../../domain/phone.ts';
import { pointProblem } from '../../domain/point-problem.ts';
import type { PhoneLookupShape, PhoneOwnerShape } from '../../domain/search.ts';
import { contactsQuery, loadCustomerNames } from '../contacts/contacts.repository.ts';
import type { Ctx } from '../context.ts';
import { customersQuery } from '../customers/customers.repository.ts';

// A number shared by more people than this is a switchboard; the first ones are enough to show.
const MAX_MATCHES = 50;

/** Caller ID: who owns this phone number, whatever format it is given in. */
export async function lookupPhone(ctx: Ctx, raw: string): Promise<PhoneLookupShape> {
  const phone = normalisePhone(raw, ctx.settings.defaultRegion);
  if (!phone.ok) throw validationError([{ field: 'number', ...pointProblem('phone', phone.reason, raw), message: `${phone.reason}: "${raw}"` }]);
  const [customers, contacts] = await Promise.all([
    customersQuery(ctx)
      .innerJoin('contact_points as p', 'p.customer_id', 'customers.id')
      .select(['customers.id', 'customers.name'])
      .where('p.kind', '=', 'phone')
      .where('p.value', '=', phone.value)
      .where('customers.deleted_at', 'is', null)
      .orderBy('customers.id')
      .limit(MAX_MATCHES)
      .execute(),
    contactsQuery(ctx)
      .innerJoin('contact_points as p', 'p.contact_id', 'contacts.id')
      .select(['contacts.id', 'contacts.name', 'contacts.customer_id'])
      .where('p.kind', '=', 'phone')
      .where('p.value', '=', phone.value)
      .where('contacts.deleted_at', 'is', null)
      .orderBy('contacts.id')
      .limit(MAX_MATCHES)
      .execute(),
  ]);
  const customerNames = await loadCustomerNames(ctx.db, contacts.map((c) => c.customer_id));
  const matches: PhoneOwnerShape[] = [
    ...customers.map((c) => ({ type: 'customer' as const, id: Number(c.id), name: c.name, customerId: null, customerName: null })),
    ...contacts.map((c) => {
      const customerId = c.customer_id === null ? null : Number(c.customer_id);
      return { type: 'contact' as const, id: Number(c.id), name: c.name, customerId, customerName: customerId === null ? null : (customerNames.get(customerId) ?? null) };
    }),
  ];
  return { number: phone.value, matches: matches.slice(0, MAX_MATCHES) };
}
