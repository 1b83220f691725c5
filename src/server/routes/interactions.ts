import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createInteraction } from '../../core/interactions/create-interaction.ts';
import { deleteInteraction } from '../../core/interactions/delete-interaction.ts';
import { getInteraction } from '../../core/interactions/get-interaction.ts';
import { listCustomerInteractions } from '../../core/interactions/list-customer-interactions.ts';
import { listInteractions } from '../../core/interactions/list-interactions.ts';
import { restoreInteraction } from '../../core/interactions/restore-interaction.ts';
import { updateInteraction } from '../../core/interactions/update-interaction.ts';
import { CustomerInteractionsQuery, Interaction, InteractionCreate, InteractionListQuery, InteractionPatch } from '../../domain/interaction.ts';
import { Page } from '../../domain/record.ts';
import { errorResponses, IdParams, IfMatchHeaders } from '../http/schemas.ts';
import { expectedVersion, withEtag } from '../http/versioning.ts';

const tags = ['interactions'];

export async function interactionRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/interactions',
    { schema: { tags, summary: 'List interactions (filters, sort, keyset paging)', querystring: InteractionListQuery, response: { 200: Page(Interaction), ...errorResponses } } },
    (request) => listInteractions(request.ctx, request.query),
  );

  app.get(
    '/api/v1/customers/:id/interactions',
    { schema: { tags, summary: "A customer's timeline of interactions, newest first", params: IdParams, querystring: CustomerInteractionsQuery, response: { 200: Page(Interaction), ...errorResponses } } },
    (request) => listCustomerInteractions(request.ctx, request.params.id, request.query),
  );

  app.post(
    '/api/v1/interactions',
    { schema: { tags, summary: 'Record an interaction (call, email, meeting, visit, wechat, note, support)', body: InteractionCreate, response: { 201: Interaction, ...errorResponses } } },
    async (request, reply) => {
      const interaction = await createInteraction(request.ctx, request.body);
      reply.status(201).header('location', `/api/v1/interactions/${interaction.id}`);
      return withEtag(reply, interaction);
    },
  );

  app.get(
    '/api/v1/interactions/:id',
    { schema: { tags, summary: 'Get one interaction', params: IdParams, response: { 200: Interaction, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await getInteraction(request.ctx, request.params.id)),
  );

  app.patch(
    '/api/v1/interactions/:id',
    { schema: { tags, summary: 'Update an interaction (partial); If-Match guards against lost updates', params: IdParams, headers: IfMatchHeaders, body: InteractionPatch, response: { 200: Interaction, ...errorResponses } } },
    async (request, reply) =>
      withEtag(reply, await updateInteraction(request.ctx, request.params.id, request.body, expectedVersion(request))),
  );

  app.delete(
    '/api/v1/interactions/:id',
    { schema: { tags, summary: 'Move an interaction to the recycle bin', params: IdParams, headers: IfMatchHeaders, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteInteraction(request.ctx, request.params.id, expectedVersion(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/interactions/:id/restore',
    { schema: { tags, summary: 'Restore an interaction from the recycle bin', params: IdParams, response: { 200: Interaction, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await restoreInteraction(request.ctx, request.params.id)),
  );
}
