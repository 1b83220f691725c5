import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { findDuplicatesOf } from '../../core/dedupe/find-duplicates-of.ts';
import { listDuplicatePairs } from '../../core/dedupe/list-duplicate-pairs.ts';
import { scanDuplicates } from '../../core/dedupe/scan-duplicates.ts';
import { DuplicateCandidates, DuplicateListQuery, DuplicatePair, DuplicateScanQuery, DuplicateScanResult } from '../../domain/duplicate.ts';
import { Page } from '../../domain/record.ts';
import { errorResponses, IdParams } from '../http/schemas.ts';

const tags = ['duplicates'];

export async function duplicateRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/duplicates',
    {
      schema: {
        tags,
        summary: 'Likely duplicate pairs found by the last scan, best first, with score and reasons; only pairs whose two records you may see',
        querystring: DuplicateListQuery,
        response: { 200: Page(DuplicatePair), ...errorResponses },
      },
    },
    (request) => listDuplicatePairs(request.ctx, request.query),
  );

  app.post(
    '/api/v1/duplicates/scan',
    {
      schema: {
        tags,
        summary: 'Scan all customers (or contacts) for duplicates now and store the pairs; admins and managers. Synchronous: answers when done',
        querystring: DuplicateScanQuery,
        response: { 200: DuplicateScanResult, ...errorResponses },
      },
    },
    (request) => scanDuplicates(request.ctx, { entity: request.query.entity ?? 'customers', minScore: request.query.minScore }),
  );

  app.get(
    '/api/v1/customers/:id/duplicates',
    {
      schema: {
        tags: ['customers', ...tags],
        summary: 'Customers that are probably the same as this one, computed now, best first',
        params: IdParams,
        response: { 200: DuplicateCandidates, ...errorResponses },
      },
    },
    (request) => findDuplicatesOf(request.ctx, request.params.id),
  );
}
