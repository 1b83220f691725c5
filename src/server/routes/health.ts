import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { assertAdminReader } from '../../core/backup/backup-overview.ts';
import { RETRY_AFTER_SECONDS } from '../../core/backup/write-gate.ts';
import { databaseHealth } from '../../core/health/database-health.ts';
import { metricsText } from '../../core/health/metrics-text.ts';
import { runMaintenance } from '../../core/health/run-maintenance.ts';
import { authenticateSession } from '../../core/sessions/authenticate-session.ts';
import { authenticateToken } from '../../core/tokens/authenticate-token.ts';
import { codedError } from '../../domain/errors.ts';
import { HealthReport, MaintenanceBody, MaintenanceResult } from '../../domain/health.ts';
import { formatMessage } from '../../domain/messages.ts';
import { SESSION_COOKIE } from '../../domain/session.ts';
import { readCookie } from '../http/cookies.ts';
import { errorResponses } from '../http/schemas.ts';
import { sendProblem } from '../plugins/error-handler.ts';

const tags = ['health'];

// Compared as digests: equal lengths in characters can differ in bytes (é), which timingSafeEqual would throw on.
const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/** /metrics answers the configured KEHU_METRICS_TOKEN, or an admin's API token or session; nobody else. */
async function assertMayReadMetrics(request: FastifyRequest, metricsToken: string | undefined): Promise<void> {
  const header = request.headers.authorization;
  const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
  if (bearer && metricsToken && same(bearer, metricsToken)) return;
  if (bearer) return assertAdminReader(await authenticateToken(request.deps, bearer));
  const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
  if (cookie) return assertAdminReader((await authenticateSession(request.deps, cookie)).actor);
  throw codedError('unauthorized', 'health.metrics_token');
}

/** The database's health for admins, one-click maintenance, and Prometheus metrics. */
export async function healthRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/v1/health', { schema: { tags, summary: 'Database size and growth, rows per table, integrity, backups, deferred indexes, slowest routes (admins)', response: { 200: HealthReport, ...errorResponses } } }, async (request) => {
    assertAdminReader(request.ctx.actor);
    return databaseHealth(request.ctx);
  });

  app.post('/api/v1/health/maintenance', { schema: { tags, summary: 'optimize (statistics) or vacuum (give free space back) (admins)', body: MaintenanceBody, response: { 200: MaintenanceResult, ...errorResponses } } }, (request) =>
    runMaintenance(request.ctx, request.body.action),
  );

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    // While PostgreSQL's restore holds every table, a read (the token's too) would wait for its end: answered at once, as /api/v1 reads are.
    if (request.deps.writeGate?.readsPaused) {
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return sendProblem(reply, 503, formatMessage('en', 'server.restoring_reads') ?? 'server.restoring_reads', undefined, { code: 'server.restoring_reads' });
    }
    await assertMayReadMetrics(request, fastify.backupConfig.metricsToken);
    const text = await metricsText(request.deps, fastify.requestTotals.values());
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text);
  });
}
