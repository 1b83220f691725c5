import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { claimCustomer } from '../../core/customers/claim-customer.ts';
import { listCustomerShares } from '../../core/customers/list-customer-shares.ts';
import { myCustomerAccess } from '../../core/customers/my-customer-access.ts';
import { Type } from 'typebox';
import { releaseCustomer } from '../../core/customers/release-customer.ts';
import { shareCustomer } from '../../core/customers/share-customer.ts';
import { transferCustomers } from '../../core/customers/transfer-customers.ts';
import { unshareCustomer } from '../../core/customers/unshare-customer.ts';
import { Customer } from '../../domain/customer.ts';
import { CustomerShare, CustomerShareCreate, CustomerShareList, MyCustomerAccess, CustomerShareTarget, CustomerTransfer, TransferResult } from '../../domain/customer-access.ts';
import { errorResponses, IdParams } from '../http/schemas.ts';
import { withEtag } from '../http/versioning.ts';

const tags = ['customers'];

/** Ownership of customers: the public pool (claim, release), transfer and sharing. */
export async function customerAccessRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/customers/:id/access',
    { schema: { tags, summary: 'What the caller may do with this customer: read, or write (change it and its records)', params: IdParams, response: { 200: MyCustomerAccess, ...errorResponses } } },
    (request) => myCustomerAccess(request.ctx, request.params.id),
  );

  app.post(
    '/api/v1/customers/:id/claim',
    { schema: { tags, summary: 'Take a customer from the public pool (409 if it has an owner)', params: IdParams, response: { 200: Customer, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await claimCustomer(request.ctx, request.params.id)),
  );

  app.post(
    '/api/v1/customers/:id/release',
    { schema: { tags, summary: 'Return a customer to the public pool (owner, manager or admin)', params: IdParams, response: { 200: Customer, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await releaseCustomer(request.ctx, request.params.id)),
  );

  app.post(
    '/api/v1/customers/transfer',
    { schema: { tags, summary: 'Give customers to a new owner, all or none (manager for their team, admin)', body: CustomerTransfer, response: { 200: TransferResult, ...errorResponses } } },
    (request) => transferCustomers(request.ctx, request.body),
  );

  app.get(
    '/api/v1/customers/:id/shares',
    { schema: { tags, summary: 'With whom a customer is shared (users and teams, read or write), for whoever may see it', params: IdParams, response: { 200: CustomerShareList, ...errorResponses } } },
    (request) => listCustomerShares(request.ctx, request.params.id),
  );

  app.post(
    '/api/v1/customers/:id/shares',
    { schema: { tags, summary: 'Share a customer with a user or a team, read or write (owner, manager, admin)', params: IdParams, body: CustomerShareCreate, response: { 201: CustomerShare, ...errorResponses } } },
    async (request, reply) => {
      reply.status(201);
      return shareCustomer(request.ctx, request.params.id, request.body);
    },
  );

  app.delete(
    '/api/v1/customers/:id/shares',
    { schema: { tags, summary: 'Stop sharing a customer with a user or a team', params: IdParams, body: CustomerShareTarget, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await unshareCustomer(request.ctx, request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );
}
