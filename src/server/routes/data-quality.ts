import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { getDataQuality } from '../../core/quality/get-data-quality.ts';
import { DataQualityQuery, DataQualityReport } from '../../domain/quality.ts';
import { errorResponses } from '../http/schemas.ts';

export async function dataQualityRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/data-quality',
    {
      schema: {
        tags: ['duplicates'],
        summary: 'Counts and examples of customers you may see with missing or invalid key fields, stale ones, and open duplicate pairs',
        querystring: DataQualityQuery,
        response: { 200: DataQualityReport, ...errorResponses },
      },
    },
    (request) => getDataQuality(request.ctx, request.query),
  );
}
