import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { exportContacts } from '../../core/exports/export-contacts.ts';
import { exportCustomers } from '../../core/exports/export-customers.ts';
import type { ExportFile } from '../../core/exports/export-file.ts';
import { ContactExportQuery, CustomerExportQuery } from '../../domain/export.ts';
import { languageOf, type Language } from '../../domain/messages.ts';
import { errorResponses } from '../http/schemas.ts';

const tags = ['exports'];

function sendFile(reply: FastifyReply, file: ExportFile): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', 'no-store')
    .send(file.body);
}

/** The export's language: the query's, else the browser's (Accept-Language), else none (the machine form). */
function language(lang: Language | undefined, acceptLanguage: string | undefined): { lang?: Language } {
  const chosen = lang ?? languageOf(acceptLanguage);
  return chosen ? { lang: chosen } : {};
}

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
