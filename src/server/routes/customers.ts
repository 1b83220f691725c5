import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createCustomer } from '../../core/customers/create-customer.ts';
import { deleteCustomer } from '../../core/customers/delete-customer.ts';
import { getCustomer } from '../../core/customers/get-customer.ts';
import { listCustomers } from '../../core/customers/list-customers.ts';
import { revealSensitive } from '../../core/customers/reveal-sensitive.ts';
import { restoreCustomer } from '../../core/customers/restore-customer.ts';
import { updateCustomer } from '../../core/customers/update-customer.ts';
import { Customer, CustomerCreate, CustomerListQuery, CustomerPatch, CustomerSensitive } from '../../domain/customer.ts';
import { Page } from '../../domain/record.ts';
import { errorResponses, IdParams, IfMatchHeaders } from '../http/schemas.ts';
import { expectedVersion, withEtag } from '../http/versioning.ts';

const tags = ['customers'];

export async function customerRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/customers',
    { schema: { tags, summary: 'List customers (filters, sort, keyset paging, q search)', querystring: CustomerListQuery, response: { 200: Page(Customer), ...errorResponses } } },
    (request) => listCustomers(request.ctx, request.query),
  );

  app.post(
    '/api/v1/customers',
    { schema: { tags, summary: 'Create a customer', body: CustomerCreate, response: { 201: Customer, ...errorResponses } } },
    async (request, reply) => {
      const customer = await createCustomer(request.ctx, request.body);
      reply.status(201).header('location', `/api/v1/customers/${customer.id}`);
      return withEtag(reply, customer);
    },
  );

  app.get(
    '/api/v1/customers/:id',
    { schema: { tags, summary: 'Get one customer', params: IdParams, response: { 200: Customer, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await getCustomer(request.ctx, request.params.id)),
  );

  app.get(
    '/api/v1/customers/:id/sensitive',
    { schema: { tags, summary: 'Reveal the sensitive fields in clear (admins; recorded in the audit log)', params: IdParams, response: { 200: CustomerSensitive, ...errorResponses } } },
    (request) => revealSensitive(request.ctx, request.params.id),
  );

  app.patch(
    '/api/v1/customers/:id',
    { schema: { tags, summary: 'Update a customer (partial); If-Match guards against lost updates', params: IdParams, headers: IfMatchHeaders, body: CustomerPatch, response: { 200: Customer, ...errorResponses } } },
    async (request, reply) =>
      withEtag(reply, await updateCustomer(request.ctx, request.params.id, request.body, expectedVersion(request))),
  );

  app.delete(
    '/api/v1/customers/:id',
    { schema: { tags, summary: 'Move a customer to the recycle bin', params: IdParams, headers: IfMatchHeaders, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteCustomer(request.ctx, request.params.id, expectedVersion(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/customers/:id/restore',
    { schema: { tags, summary: 'Restore a customer from the recycle bin', params: IdParams, response: { 200: Customer, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await restoreCustomer(request.ctx, request.params.id)),
  );
}
