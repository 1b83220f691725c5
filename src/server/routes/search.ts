import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { lookupPhone } from '../../core/search/lookup-phone.ts';
import { search } from '../../core/search/search.ts';
import { PhoneLookupParams, PhoneLookupResult, SearchParams, SearchResult } from '../../domain/search.ts';
import { errorResponses } from '../http/schemas.ts';

const tags = ['search'];

export async function searchRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/search',
    {
      schema: {
        tags,
        summary: 'Find customers and contacts by name, pinyin, initials, company, phone fragment or email, best match first',
        querystring: SearchParams,
        response: { 200: SearchResult, ...errorResponses },
      },
    },
    (request) => search(request.ctx, request.query),
  );

  app.get(
    '/api/v1/lookup/phone/:number',
    {
      schema: {
        tags,
        summary: 'Caller ID: who owns this phone number, in any format (URL-encode the +)',
        params: PhoneLookupParams,
        response: { 200: PhoneLookupResult, ...errorResponses },
      },
    },
    (request) => lookupPhone(request.ctx, request.params.number),
  );
}
