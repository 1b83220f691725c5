import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { contactsAccess } from '../../core/contacts/contacts-access.ts';
import { createContact } from '../../core/contacts/create-contact.ts';
import { deleteContact } from '../../core/contacts/delete-contact.ts';
import { getContact } from '../../core/contacts/get-contact.ts';
import { listContacts } from '../../core/contacts/list-contacts.ts';
import { listCustomerContacts } from '../../core/contacts/list-customer-contacts.ts';
import { restoreContact } from '../../core/contacts/restore-contact.ts';
import { updateContact } from '../../core/contacts/update-contact.ts';
import { Contact, ContactAccessList, ContactAccessQuery, ContactCreate, ContactListQuery, ContactPatch, CustomerContactsQuery } from '../../domain/contact.ts';
import { Page } from '../../domain/record.ts';
import { errorResponses, IdParams, IfMatchHeaders } from '../http/schemas.ts';
import { expectedVersion, withEtag } from '../http/versioning.ts';

const tags = ['contacts'];

export async function contactRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/contacts',
    { schema: { tags, summary: 'List contacts (filters, sort, keyset paging, q search)', querystring: ContactListQuery, response: { 200: Page(Contact), ...errorResponses } } },
    (request) => listContacts(request.ctx, request.query),
  );

  app.get(
    '/api/v1/contacts/access',
    { schema: { tags, summary: 'What the caller may do with each of up to 200 contacts (read, or write: edit and delete) — one request for a page of the list', querystring: ContactAccessQuery, response: { 200: ContactAccessList, ...errorResponses } } },
    (request) => contactsAccess(request.ctx, request.query.ids.split(',').map(Number)),
  );

  app.get(
    '/api/v1/customers/:id/contacts',
    { schema: { tags, summary: 'List the contacts of one customer', params: IdParams, querystring: CustomerContactsQuery, response: { 200: Page(Contact), ...errorResponses } } },
    (request) => listCustomerContacts(request.ctx, request.params.id, request.query),
  );

  app.post(
    '/api/v1/contacts',
    { schema: { tags, summary: 'Create a contact', body: ContactCreate, response: { 201: Contact, ...errorResponses } } },
    async (request, reply) => {
      const contact = await createContact(request.ctx, request.body);
      reply.status(201).header('location', `/api/v1/contacts/${contact.id}`);
      return withEtag(reply, contact);
    },
  );

  app.get(
    '/api/v1/contacts/:id',
    { schema: { tags, summary: 'Get one contact', params: IdParams, response: { 200: Contact, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await getContact(request.ctx, request.params.id)),
  );

  app.patch(
    '/api/v1/contacts/:id',
    { schema: { tags, summary: 'Update a contact (partial); If-Match guards against lost updates', params: IdParams, headers: IfMatchHeaders, body: ContactPatch, response: { 200: Contact, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await updateContact(request.ctx, request.params.id, request.body, expectedVersion(request))),
  );

  app.delete(
    '/api/v1/contacts/:id',
    { schema: { tags, summary: 'Move a contact to the recycle bin', params: IdParams, headers: IfMatchHeaders, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteContact(request.ctx, request.params.id, expectedVersion(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/contacts/:id/restore',
    { schema: { tags, summary: 'Restore a contact from the recycle bin', params: IdParams, response: { 200: Contact, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await restoreContact(request.ctx, request.params.id)),
  );
}
