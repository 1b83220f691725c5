import { codedField, type FieldError } from '../../domain/errors.ts';
import { contactsQuery } from '../contacts/contacts.repository.ts';
import type { Ctx } from '../context.ts';
import { checkTargetCustomer } from '../customers/target-customer.ts';
import { dealsQuery } from '../deals/deals.repository.ts';

export interface RecordLinks {
  customerId: number | null;
  contactId: number | null;
  dealId: number | null;
}

const findContact = (ctx: Ctx, id: number) =>
  contactsQuery(ctx).select(['contacts.id', 'contacts.customer_id']).where('contacts.id', '=', id).where('contacts.deleted_at', 'is', null).executeTakeFirst();

const findDeal = (ctx: Ctx, id: number) =>
  dealsQuery(ctx).select(['deals.id', 'deals.customer_id']).where('deals.id', '=', id).where('deals.deleted_at', 'is', null).executeTakeFirst();

/**
 * Checks that the customer, contact and deal a record links to exist, are visible to the actor
 * and agree with each other. A deal or contact without `customerId` implies its customer,
 * which is returned so the record follows that customer's visibility.
 */
export async function checkRecordLinks(ctx: Ctx, links: RecordLinks): Promise<{ customerId: number | null; errors: FieldError[] }> {
  const errors: FieldError[] = [];
  const [contact, deal] = await Promise.all([
    links.contactId === null ? null : findContact(ctx, links.contactId),
    links.dealId === null ? null : findDeal(ctx, links.dealId),
  ]);
  if (links.contactId !== null && !contact) errors.push(codedField('contactId', 'field.no_such', { entity: 'contact', id: links.contactId }));
  if (links.dealId !== null && !deal) errors.push(codedField('dealId', 'field.no_such', { entity: 'deal', id: links.dealId }));
  const contactCustomer = contact?.customer_id == null ? null : Number(contact.customer_id);
  const customerId = links.customerId ?? (deal ? Number(deal.customer_id) : contactCustomer);
  if (customerId === null) return { customerId, errors };
  const impliedBy = links.customerId !== null ? 'customerId' : deal ? 'dealId' : 'contactId';

  const customerErrors = await checkTargetCustomer(ctx, impliedBy, customerId);
  if (customerErrors.length > 0) return { customerId, errors: [...errors, ...customerErrors] };
  if (contact && contactCustomer !== customerId) {
    errors.push(codedField('contactId', 'field.other_customer', { entity: 'contact', id: contact.id, customer: customerId }));
  }
  if (deal && Number(deal.customer_id) !== customerId) {
    errors.push(codedField('dealId', 'field.other_customer', { entity: 'deal', id: deal.id, customer: customerId }));
  }
  return { customerId, errors };
}
