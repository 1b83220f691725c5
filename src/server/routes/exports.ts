import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { exportContacts } from '../../core/exports/export-contacts.ts';
import { exportCustomers } from '../../core/exports/export-customers.ts';
import { ContactExportQuery, CustomerExportQuery } from '../../domain/export.ts';
import { errorResponses } from '../http/schemas.ts';
import { exportLanguage as language, sendFile } from '../http/send-file.ts';

const tags = ['exports'];

export async function exportRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/exports/customers',
    {
      schema: {
        tags,
        summary: 'Download the customers you may see as CSV (UTF-8 with BOM), XLSX or vCard 4.0, with the same filters as GET /customers; in the language of lang or Accept-Language (headers, stored values, local times); streamed, audited',
        querystring: CustomerExportQuery,
        response: { ...errorResponses },
      },
    },
    async (request, reply) => sendFile(reply, await exportCustomers(request.ctx, { ...request.query, ...language(request.query.lang, request.headers['accept-language']) })),
  );

  app.get(
    '/api/v1/exports/contacts',
    {
      schema: {
        tags,
        summary: 'Download the contacts you may see as CSV, XLSX or vCard 4.0, with the same filters as GET /contacts; streamed, audited',
        querystring: ContactExportQuery,
        response: { ...errorResponses },
      },
    },
    async (request, reply) => sendFile(reply, await exportContacts(request.ctx, { ...request.query, ...language(request.query.lang, request.headers['accept-language']) })),
  );
}
