import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createTag } from '../../core/tags/create-tag.ts';
import { deleteTag } from '../../core/tags/delete-tag.ts';
import { getTag } from '../../core/tags/get-tag.ts';
import { listTags } from '../../core/tags/list-tags.ts';
import { restoreTag } from '../../core/tags/restore-tag.ts';
import { updateTag } from '../../core/tags/update-tag.ts';
import { Page } from '../../domain/record.ts';
import { Tag, TagCreate, TagListQuery, TagPatch } from '../../domain/tag.ts';
import { errorResponses, IdParams, IfMatchHeaders } from '../http/schemas.ts';
import { expectedVersion, withEtag } from '../http/versioning.ts';

const tags = ['tags'];

export async function tagRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/tags',
    { schema: { tags, summary: 'List tags by name (keyset paging)', querystring: TagListQuery, response: { 200: Page(Tag), ...errorResponses } } },
    (request) => listTags(request.ctx, request.query),
  );

  app.post(
    '/api/v1/tags',
    { schema: { tags, summary: 'Create a tag', body: TagCreate, response: { 201: Tag, ...errorResponses } } },
    async (request, reply) => {
      const tag = await createTag(request.ctx, request.body);
      reply.status(201).header('location', `/api/v1/tags/${tag.id}`);
      return withEtag(reply, tag);
    },
  );

  app.get(
    '/api/v1/tags/:id',
    { schema: { tags, summary: 'Get one tag', params: IdParams, response: { 200: Tag, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await getTag(request.ctx, request.params.id)),
  );

  app.patch(
    '/api/v1/tags/:id',
    { schema: { tags, summary: 'Rename or recolour a tag; If-Match guards against lost updates', params: IdParams, headers: IfMatchHeaders, body: TagPatch, response: { 200: Tag, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await updateTag(request.ctx, request.params.id, request.body, expectedVersion(request))),
  );

  app.delete(
    '/api/v1/tags/:id',
    { schema: { tags, summary: 'Move a tag to the recycle bin (records keep the link but stop showing it)', params: IdParams, headers: IfMatchHeaders, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteTag(request.ctx, request.params.id, expectedVersion(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/tags/:id/restore',
    { schema: { tags, summary: 'Restore a tag from the recycle bin', params: IdParams, response: { 200: Tag, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await restoreTag(request.ctx, request.params.id)),
  );
}
