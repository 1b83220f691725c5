import type { ContactShape, CustomerContactsFilter } from '../../domain/contact.ts';
import type { PageOf } from '../../domain/record.ts';
import type { Ctx } from '../context.ts';
import { findCustomerRow } from '../customers/customers.repository.ts';
import { listContacts } from './list-contacts.ts';

/** The contacts of one customer; 404 when the actor cannot see that customer (or it is deleted). */
export async function listCustomerContacts(ctx: Ctx, customerId: number, filter: CustomerContactsFilter): Promise<PageOf<ContactShape>> {
  await findCustomerRow(ctx, customerId);
  return listContacts(ctx, { ...filter, customerId });
}
