import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { RETRY_AFTER_SECONDS, type Release } from '../../core/backup/write-gate.ts';
import type { RestorePhase } from '../../domain/backup.ts';
import { formatMessage, type MessageCode } from '../../domain/messages.ts';
import { sendProblem } from './error-handler.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Signing in and out changes no one's data: it stays possible until the data itself is being replaced.
const ALWAYS_OPEN = new Set(['/api/v1/auth/login', '/api/v1/auth/logout']);
const REPLACING = new Set<RestorePhase>(['restoring', 'migrating']);

declare module 'fastify' {
  interface FastifyRequest {
    /** set while this write request is admitted through the maintenance gate */
    gateRelease: Release | null;
  }
}

function refuse(reply: FastifyReply, code: MessageCode) {
  reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return sendProblem(reply, 503, formatMessage('en', code) ?? code, undefined, { code });
}

/**
 * The maintenance gate at the door (see WriteGate): while a restore runs, every API write is answered
 * 503 server.restoring with Retry-After, and nothing is written; a write admitted before is counted
 * until its answer is ready, so the restore waits for it. Where even reads would wait for the
 * restore (PostgreSQL replacing its tables), reads are answered 503 as well instead of hanging.
 */
export function registerWriteGate(app: FastifyInstance, deps: Deps): void {
  const gate = deps.writeGate;
  if (!gate) return;
  app.decorateRequest('gateRelease', null);
  app.addHook('onRequest', async (request, reply) => {
    const path = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/v1/')) return;
    const isWrite = WRITES.has(request.method);
    const status = gate.restoring;
    if (!status) {
      if (isWrite) request.gateRelease = gate.admit();
      return;
    }
    if (status.readsPaused) return refuse(reply, 'server.restoring_reads');
    if (!isWrite || (ALWAYS_OPEN.has(path) && !REPLACING.has(status.phase))) return;
    return refuse(reply, 'server.restoring');
  });
  // The write is done once its answer is ready; onResponse catches an answer that skipped onSend.
  const release = async (request: { gateRelease: Release | null }) => request.gateRelease?.();
  app.addHook('onSend', release);
  app.addHook('onResponse', release);
}
