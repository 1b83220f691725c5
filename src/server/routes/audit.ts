import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { customerHistory } from '../../core/audit/customer-history.ts';
import { listAudit } from '../../core/audit/list-audit.ts';
import { AuditEntry, AuditListQuery, HistoryQuery } from '../../domain/audit.ts';
import { Page } from '../../domain/record.ts';
import { errorResponses, IdParams } from '../http/schemas.ts';

const tags = ['audit'];

export async function auditRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/audit',
    { schema: { tags, summary: 'The audit log, newest first (admin only; filters, keyset paging)', querystring: AuditListQuery, response: { 200: Page(AuditEntry), ...errorResponses } } },
    (request) => listAudit(request.ctx, request.query),
  );

  app.get(
    '/api/v1/customers/:id/history',
    { schema: { tags: ['customers', ...tags], summary: "A customer's audit entries with field-level changes, newest first", params: IdParams, querystring: HistoryQuery, response: { 200: Page(AuditEntry), ...errorResponses } } },
    (request) => customerHistory(request.ctx, request.params.id, request.query),
  );
}
