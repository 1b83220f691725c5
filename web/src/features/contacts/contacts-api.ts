import type { ContactAccessListShape, ContactCreateInput, ContactListFilter, ContactPatchInput } from '../../../../src/domain/contact.ts';
import type { PageOf } from '../../../../src/domain/record.ts';
import { request, type ContactShape } from '../../lib/api.ts';

export type { ContactShape };
export type ContactFilter = Omit<ContactListFilter, 'cursor' | 'limit' | 'includeDeleted'>;

export const contactsApi = {
  list: (filter: ContactFilter & { cursor?: string | undefined; limit?: number }) => request<PageOf<ContactShape>>('GET', '/contacts', { query: filter }),
  create: (input: ContactCreateInput) => request<ContactShape>('POST', '/contacts', { body: input }),
  update: (id: number, patch: ContactPatchInput, version: number) => request<ContactShape>('PATCH', `/contacts/${id}`, { body: patch, version }),
  remove: (id: number, version: number) => request<void>('DELETE', `/contacts/${id}`, { version }),
  /** read or write for each contact of a page, in one request */
  access: (ids: number[]) => request<ContactAccessListShape>('GET', '/contacts/access', { query: { ids: ids.join(',') } }),
  restore: (id: number) => request<ContactShape>('POST', `/contacts/${id}/restore`, { body: {} }),
};
