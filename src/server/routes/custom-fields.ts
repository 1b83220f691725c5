import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createCustomField } from '../../core/custom-fields/create-custom-field.ts';
import { deleteCustomField } from '../../core/custom-fields/delete-custom-field.ts';
import { getCustomField } from '../../core/custom-fields/get-custom-field.ts';
import { listCustomFields } from '../../core/custom-fields/list-custom-fields.ts';
import { restoreCustomField } from '../../core/custom-fields/restore-custom-field.ts';
import { updateCustomField } from '../../core/custom-fields/update-custom-field.ts';
import { CustomField, CustomFieldCreate, CustomFieldListQuery, CustomFieldPatch } from '../../domain/custom-field.ts';
import { Page } from '../../domain/record.ts';
import { errorResponses, IdParams, IfMatchHeaders } from '../http/schemas.ts';
import { expectedVersion, withEtag } from '../http/versioning.ts';

const tags = ['custom fields'];

export async function customFieldRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/custom-fields',
    { schema: { tags, summary: 'List custom field definitions, in form order', querystring: CustomFieldListQuery, response: { 200: Page(CustomField), ...errorResponses } } },
    (request) => listCustomFields(request.ctx, request.query),
  );

  app.post(
    '/api/v1/custom-fields',
    { schema: { tags, summary: 'Add a custom field (admins only); values are checked on every write', body: CustomFieldCreate, response: { 201: CustomField, ...errorResponses } } },
    async (request, reply) => {
      const field = await createCustomField(request.ctx, request.body);
      reply.status(201).header('location', `/api/v1/custom-fields/${field.id}`);
      return withEtag(reply, field);
    },
  );

  app.get(
    '/api/v1/custom-fields/:id',
    { schema: { tags, summary: 'Get one custom field definition', params: IdParams, response: { 200: CustomField, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await getCustomField(request.ctx, request.params.id)),
  );

  app.patch(
    '/api/v1/custom-fields/:id',
    { schema: { tags, summary: 'Change label, options, required or position (admins only); If-Match guards against lost updates', params: IdParams, headers: IfMatchHeaders, body: CustomFieldPatch, response: { 200: CustomField, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await updateCustomField(request.ctx, request.params.id, request.body, expectedVersion(request))),
  );

  app.delete(
    '/api/v1/custom-fields/:id',
    { schema: { tags, summary: 'Retire a custom field (admins only); stored values are kept', params: IdParams, headers: IfMatchHeaders, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteCustomField(request.ctx, request.params.id, expectedVersion(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/custom-fields/:id/restore',
    { schema: { tags, summary: 'Restore a retired custom field (admins only)', params: IdParams, response: { 200: CustomField, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await restoreCustomField(request.ctx, request.params.id)),
  );
}
