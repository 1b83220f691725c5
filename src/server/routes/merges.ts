import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { mergeAbove } from '../../core/dedupe/bulk-merge.ts';
import { dismissPair, reopenPair } from '../../core/dedupe/dismiss-pair.ts';
import { mergeContacts } from '../../core/dedupe/merge-contacts.ts';
import { mergeCustomers } from '../../core/dedupe/merge-customers.ts';
import { getMerge, listMerges } from '../../core/dedupe/merge-list.ts';
import { undoMerge } from '../../core/dedupe/undo-merge.ts';
import { BulkMerge, BulkMergeResult, Merge, MergeCreate, MergeListQuery, MergeUndoQuery, PairDecision } from '../../domain/merge.ts';
import { codedField, validationError } from '../../domain/errors.ts';
import { Page } from '../../domain/record.ts';
import { errorResponses, IdParams } from '../http/schemas.ts';

const tags = ['duplicates'];

/** Undo also takes `{ "force": true }` as a body; a bare POST (no body) is fine too. */
function forceInBody(body: unknown): boolean | undefined {
  if (body === undefined || body === null) return undefined;
  const fields = typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  if (!fields || Object.keys(fields).some((k) => k !== 'force') || (fields.force !== undefined && typeof fields.force !== 'boolean')) {
    throw validationError([codedField('force', 'merge.force_form')]);
  }
  return fields.force as boolean | undefined;
}

/** Merging duplicates, undoing merges, and "not a duplicate" decisions. */
export async function mergeRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/v1/merges',
    {
      schema: {
        tags,
        summary: 'Merge one customer (or contact) into another; both must be writable for you. Undo with POST /merges/{id}/undo',
        body: MergeCreate,
        response: { 201: Merge, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { entity, ...input } = request.body;
      const merge = entity === 'customers' ? await mergeCustomers(request.ctx, input) : await mergeContacts(request.ctx, input);
      reply.status(201).header('location', `/api/v1/merges/${merge.id}`);
      return merge;
    },
  );

  app.get(
    '/api/v1/merges',
    { schema: { tags, summary: 'Merges of records you may see, newest first', querystring: MergeListQuery, response: { 200: Page(Merge), ...errorResponses } } },
    (request) => listMerges(request.ctx, request.query),
  );

  app.get(
    '/api/v1/merges/:id',
    { schema: { tags, summary: 'One merge: which record survived, the field decisions, what moved', params: IdParams, response: { 200: Merge, ...errorResponses } } },
    (request) => getMerge(request.ctx, request.params.id),
  );

  app.post(
    '/api/v1/merges/:id/undo',
    {
      schema: {
        tags,
        summary: 'Undo a merge exactly (409 if the survivor changed since, unless ?force=true)',
        params: IdParams,
        querystring: MergeUndoQuery,
        response: { 200: Merge, ...errorResponses },
      },
    },
    (request) => undoMerge(request.ctx, request.params.id, { force: request.query.force ?? forceInBody(request.body) }),
  );

  app.post(
    '/api/v1/merges/bulk',
    {
      schema: {
        tags,
        summary: 'Merge every open duplicate pair scoring at least minScore, each group into its oldest record',
        body: BulkMerge,
        response: { 200: BulkMergeResult, ...errorResponses },
      },
    },
    (request) => mergeAbove(request.ctx, request.body),
  );

  app.post(
    '/api/v1/duplicates/:id/dismiss',
    { schema: { tags, summary: '"Not a duplicate": later scans keep this pair dismissed', params: IdParams, response: { 200: PairDecision, ...errorResponses } } },
    (request) => dismissPair(request.ctx, request.params.id),
  );

  app.post(
    '/api/v1/duplicates/:id/reopen',
    { schema: { tags, summary: 'Put a dismissed pair back on the review list', params: IdParams, response: { 200: PairDecision, ...errorResponses } } },
    (request) => reopenPair(request.ctx, request.params.id),
  );
}
