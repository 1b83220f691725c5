import type { ContactCreateInput, ContactListFilter } from '../../../../src/domain/contact.ts';
import type { PageOf } from '../../../../src/domain/record.ts';
import { request, type ContactShape } from '../../lib/api.ts';

export type { ContactShape };
export type ContactFilter = Omit<ContactListFilter, 'cursor' | 'limit' | 'includeDeleted'>;

export const contactsApi = {
  list: (filter: ContactFilter & { cursor?: string | undefined; limit?: number }) => request<PageOf<ContactShape>>('GET', '/contacts', { query: filter }),
  create: (input: ContactCreateInput) => request<ContactShape>('POST', '/contacts', { body: input }),
};
