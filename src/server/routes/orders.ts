import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createOrder } from '../../core/orders/create-order.ts';
import { deleteOrder } from '../../core/orders/delete-order.ts';
import { getOrder } from '../../core/orders/get-order.ts';
import { listCustomerOrders } from '../../core/orders/list-customer-orders.ts';
import { listOrders } from '../../core/orders/list-orders.ts';
import { restoreOrder } from '../../core/orders/restore-order.ts';
import { updateOrder } from '../../core/orders/update-order.ts';
import { CustomerOrderListQuery, CustomerOrdersPage, Order, OrderCreate, OrderListQuery, OrderPatch } from '../../domain/order.ts';
import { Page } from '../../domain/record.ts';
import { errorResponses, IdParams, IfMatchHeaders } from '../http/schemas.ts';
import { expectedVersion, withEtag } from '../http/versioning.ts';

const tags = ['orders'];

export async function orderRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/orders',
    { schema: { tags, summary: 'List orders with their items (filters, sort, keyset paging)', querystring: OrderListQuery, response: { 200: Page(Order), ...errorResponses } } },
    (request) => listOrders(request.ctx, request.query),
  );

  app.get(
    '/api/v1/customers/:id/orders',
    {
      schema: {
        tags,
        summary: "A customer's purchase history: a page of orders plus totals per currency (cancelled and refunded orders left out)",
        params: IdParams,
        querystring: CustomerOrderListQuery,
        response: { 200: CustomerOrdersPage, ...errorResponses },
      },
    },
    (request) => listCustomerOrders(request.ctx, request.params.id, request.query),
  );

  app.post(
    '/api/v1/orders',
    { schema: { tags, summary: 'Record an order; item amounts and the total are computed', body: OrderCreate, response: { 201: Order, ...errorResponses } } },
    async (request, reply) => {
      const order = await createOrder(request.ctx, request.body);
      reply.status(201).header('location', `/api/v1/orders/${order.id}`);
      return withEtag(reply, order);
    },
  );

  app.get(
    '/api/v1/orders/:id',
    { schema: { tags, summary: 'Get one order with its items', params: IdParams, response: { 200: Order, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await getOrder(request.ctx, request.params.id)),
  );

  app.patch(
    '/api/v1/orders/:id',
    { schema: { tags, summary: 'Update an order (partial; items replace all items); If-Match guards against lost updates', params: IdParams, headers: IfMatchHeaders, body: OrderPatch, response: { 200: Order, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await updateOrder(request.ctx, request.params.id, request.body, expectedVersion(request))),
  );

  app.delete(
    '/api/v1/orders/:id',
    { schema: { tags, summary: 'Move an order to the recycle bin', params: IdParams, headers: IfMatchHeaders, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteOrder(request.ctx, request.params.id, expectedVersion(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/orders/:id/restore',
    { schema: { tags, summary: 'Restore an order from the recycle bin', params: IdParams, response: { 200: Order, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await restoreOrder(request.ctx, request.params.id)),
  );
}
