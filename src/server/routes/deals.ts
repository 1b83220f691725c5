import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createDeal } from '../../core/deals/create-deal.ts';
import { deleteDeal } from '../../core/deals/delete-deal.ts';
import { getDeal } from '../../core/deals/get-deal.ts';
import { listCustomerDeals } from '../../core/deals/list-customer-deals.ts';
import { listDeals } from '../../core/deals/list-deals.ts';
import { restoreDeal } from '../../core/deals/restore-deal.ts';
import { updateDeal } from '../../core/deals/update-deal.ts';
import { CustomerDealListQuery, Deal, DealCreate, DealListQuery, DealPatch } from '../../domain/deal.ts';
import { AccessList, AccessQuery, Page } from '../../domain/record.ts';
import { accessList } from '../../core/access/writable-ids.ts';
import { errorResponses, IdParams, IfMatchHeaders } from '../http/schemas.ts';
import { expectedVersion, withEtag } from '../http/versioning.ts';

const tags = ['deals'];

export async function dealRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/deals',
    { schema: { tags, summary: 'List deals (filters, sort, keyset paging)', querystring: DealListQuery, response: { 200: Page(Deal), ...errorResponses } } },
    (request) => listDeals(request.ctx, request.query),
  );

  app.get(
    '/api/v1/deals/access',
    { schema: { tags, summary: 'What the caller may do with each of up to 200 deals (read, or write: edit and delete) — one request for a page of the list or board', querystring: AccessQuery('deal'), response: { 200: AccessList('deal'), ...errorResponses } } },
    (request) => accessList(request.ctx, 'deal', request.query.ids.split(',').map(Number)),
  );

  app.get(
    '/api/v1/customers/:id/deals',
    { schema: { tags, summary: "List one customer's deals", params: IdParams, querystring: CustomerDealListQuery, response: { 200: Page(Deal), ...errorResponses } } },
    (request) => listCustomerDeals(request.ctx, request.params.id, request.query),
  );

  app.post(
    '/api/v1/deals',
    { schema: { tags, summary: 'Create a deal', body: DealCreate, response: { 201: Deal, ...errorResponses } } },
    async (request, reply) => {
      const deal = await createDeal(request.ctx, request.body);
      reply.status(201).header('location', `/api/v1/deals/${deal.id}`);
      return withEtag(reply, deal);
    },
  );

  app.get(
    '/api/v1/deals/:id',
    { schema: { tags, summary: 'Get one deal', params: IdParams, response: { 200: Deal, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await getDeal(request.ctx, request.params.id)),
  );

  app.patch(
    '/api/v1/deals/:id',
    { schema: { tags, summary: 'Update a deal (partial); won/lost stamps closedAt; If-Match guards against lost updates', params: IdParams, headers: IfMatchHeaders, body: DealPatch, response: { 200: Deal, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await updateDeal(request.ctx, request.params.id, request.body, expectedVersion(request))),
  );

  app.delete(
    '/api/v1/deals/:id',
    { schema: { tags, summary: 'Move a deal to the recycle bin', params: IdParams, headers: IfMatchHeaders, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteDeal(request.ctx, request.params.id, expectedVersion(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/deals/:id/restore',
    { schema: { tags, summary: 'Restore a deal from the recycle bin', params: IdParams, response: { 200: Deal, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await restoreDeal(request.ctx, request.params.id)),
  );
}
