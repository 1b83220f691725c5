import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { listRecycleBin } from '../../core/recycle-bin/list-recycle-bin.ts';
import { Page } from '../../domain/record.ts';
import { RecycleBinItem, RecycleBinQuery } from '../../domain/recycle-bin.ts';
import { errorResponses } from '../http/schemas.ts';

export async function recycleBinRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/recycle-bin',
    {
      schema: {
        tags: ['recycle bin'],
        summary: 'Deleted records you may see, most recently deleted first; restore each with POST /api/v1/{type}/{id}/restore',
        querystring: RecycleBinQuery,
        response: { 200: Page(RecycleBinItem), ...errorResponses },
      },
    },
    (request) => listRecycleBin(request.ctx, request.query),
  );
}
