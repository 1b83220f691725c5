import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { issueToken, listTokensFor, revokeOwnTokens, revokeTokenFor } from '../../core/tokens/manage-tokens.ts';
import { ApiToken, ApiTokenCreate, ApiTokenCreated, RevokedTokens } from '../../domain/token.ts';
import { errorResponses, IdParams } from '../http/schemas.ts';

const tags = ['tokens'];

export async function tokenRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/tokens',
    { schema: { tags, summary: 'API tokens: your own, or everyone’s for an admin (never the token itself, only its first characters)', response: { 200: Type.Object({ items: Type.Array(ApiToken) }), ...errorResponses } } },
    async (request) => ({ items: await listTokensFor(request.ctx) }),
  );

  app.post(
    '/api/v1/tokens',
    {
      config: { ownAccount: true },
      schema: {
        tags,
        summary: 'Create an API token for yourself, or (admins) for another user; the token is in this answer only. Needs a session or a read-write token.',
        body: ApiTokenCreate,
        response: { 201: ApiTokenCreated, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await issueToken(request.ctx, request.body, { viaToken: request.session === null });
      reply.status(201).header('cache-control', 'no-store');
      return created;
    },
  );

  app.delete(
    '/api/v1/tokens/:id',
    { config: { ownAccount: true }, schema: { tags, summary: 'Revoke a token at once: your own, or any for an admin (404 for someone else’s)', params: IdParams, response: { 200: ApiToken, ...errorResponses } } },
    (request) => revokeTokenFor(request.ctx, request.params.id, { viaToken: request.session === null }),
  );

  app.post(
    '/api/v1/tokens/revoke-all',
    {
      config: { ownAccount: true },
      schema: {
        tags,
        summary: 'Revoke all your own active API tokens at once (the one sending this too); each is audited. Needs a session or a read-write token.',
        response: { 200: RevokedTokens, ...errorResponses },
      },
    },
    (request) => revokeOwnTokens(request.ctx, { viaToken: request.session === null }),
  );
}
