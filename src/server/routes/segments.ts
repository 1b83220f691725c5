import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createSegment } from '../../core/segments/create-segment.ts';
import { deleteSegment } from '../../core/segments/delete-segment.ts';
import { getSegment, listSegments } from '../../core/segments/list-segments.ts';
import { listSegmentMembers, previewSegment } from '../../core/segments/segment-members.ts';
import { updateSegment } from '../../core/segments/update-segment.ts';
import { Page } from '../../domain/record.ts';
import { Segment, SegmentCreate, SegmentListQuery, SegmentMembersPage, SegmentMembersQuery, SegmentPatch, SegmentPreview, SegmentPreviewResult } from '../../domain/segment.ts';
import { errorResponses, IdParams, IfMatchHeaders } from '../http/schemas.ts';
import { expectedVersion, withEtag } from '../http/versioning.ts';

const tags = ['segments'];

export async function segmentRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/segments',
    { schema: { tags, summary: 'Saved segments, by name (every user sees every segment; members are always only the customers one may see)', querystring: SegmentListQuery, response: { 200: Page(Segment), ...errorResponses } } },
    (request) => listSegments(request.ctx, request.query),
  );

  app.post(
    '/api/v1/segments',
    { schema: { tags, summary: 'Save a named, dynamic filter over customers; the filter is checked strictly (400 naming each bad place)', body: SegmentCreate, response: { 201: Segment, ...errorResponses } } },
    async (request, reply) => {
      const segment = await createSegment(request.ctx, request.body);
      reply.status(201).header('location', `/api/v1/segments/${segment.id}`);
      return withEtag(reply, segment);
    },
  );

  app.post(
    '/api/v1/segments/preview',
    { config: { readsOnly: true }, schema: { tags, summary: 'Count the customers you may see that an unsaved filter matches, with a few of them (the builder’s live count)', body: SegmentPreview, response: { 200: SegmentPreviewResult, ...errorResponses } } },
    (request) => previewSegment(request.ctx, request.body),
  );

  app.get(
    '/api/v1/segments/:id',
    { schema: { tags, summary: 'One segment', params: IdParams, response: { 200: Segment, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await getSegment(request.ctx, request.params.id)),
  );

  app.patch(
    '/api/v1/segments/:id',
    { schema: { tags, summary: 'Rename a segment or change its filter (its author or an admin); If-Match guards against lost updates', params: IdParams, headers: IfMatchHeaders, body: SegmentPatch, response: { 200: Segment, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await updateSegment(request.ctx, request.params.id, request.body, expectedVersion(request))),
  );

  app.delete(
    '/api/v1/segments/:id',
    { schema: { tags, summary: 'Delete a segment (its author or an admin); the customers stay as they are', params: IdParams, headers: IfMatchHeaders, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteSegment(request.ctx, request.params.id, expectedVersion(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/segments/:id/members',
    {
      schema: {
        tags,
        summary: 'The segment’s members you may see, computed now, by id (keyset paging); count=true counts them all. Export them with GET /exports/customers?segmentId=…',
        params: IdParams,
        querystring: SegmentMembersQuery,
        response: { 200: SegmentMembersPage, ...errorResponses },
      },
    },
    (request) => listSegmentMembers(request.ctx, request.params.id, request.query),
  );
}
