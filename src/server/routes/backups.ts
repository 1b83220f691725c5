import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { adminJob } from '../../core/backup/backup-access.ts';
import type { BackupConfig } from '../../core/backup/backup-config.ts';
import { runBackup, runPrune, runRestore, runVerify } from '../../core/backup/backup-jobs.ts';
import { assertAdminReader, backupOverview, listRuns } from '../../core/backup/backup-overview.ts';
import { getBackupSettings, updateBackupSettings } from '../../core/backup/backup-settings.ts';
import { BackupName, BackupOverview, BackupRun, BackupSettings, BackupSettingsPatch, PruneResult, RestoreBody } from '../../domain/backup.ts';
import { codedError } from '../../domain/errors.ts';
import { errorResponses } from '../http/schemas.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Backup settings from the environment (directory, encryption, metrics token), read once at start. */
    backupConfig: BackupConfig;
  }
}

const tags = ['backups'];
const Accepted = Type.Object({ started: Type.String({ description: 'backup, verify or restore: follow it in GET /backups/runs' }) });

/** Backups, restore tests, restore and retention: admins only, every run recorded and audited. */
export async function backupRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const config = () => fastify.backupConfig;
  // One job at a time per server: a second request while one runs is told so (409).
  let current: Promise<unknown> | null = null;
  const start = (kind: string, work: () => Promise<unknown>) => {
    if (current) throw codedError('conflict', 'backup.running');
    current = work()
      .catch((error: Error) => fastify.log.error({ err: error }, `backup ${kind} failed`))
      .finally(() => {
        current = null;
      });
    return { started: kind };
  };

  app.get('/api/v1/backups', { schema: { tags, summary: 'Backups: schedule, last backup and restore test, the files (admins)', response: { 200: BackupOverview, ...errorResponses } } }, (request) =>
    backupOverview(request.ctx, config()),
  );

  app.post('/api/v1/backups', { schema: { tags, summary: 'Take a backup now, in the background (admins)', response: { 202: Accepted, ...errorResponses } } }, async (request, reply) => {
    const job = adminJob(request.ctx, config());
    return reply.code(202).send(start('backup', () => runBackup(job)));
  });

  app.get('/api/v1/backups/runs', { schema: { tags, summary: 'The last 50 backups, restore tests, restores and prunes, newest first (admins)', response: { 200: Type.Object({ items: Type.Array(BackupRun) }), ...errorResponses } } }, async (request) => {
    assertAdminReader(request.ctx.actor);
    return { items: await listRuns(request.ctx) };
  });

  app.get('/api/v1/backups/settings', { schema: { tags, summary: 'When and where kehu backs itself up (admins)', response: { 200: BackupSettings, ...errorResponses } } }, async (request) => {
    assertAdminReader(request.ctx.actor);
    return getBackupSettings(request.ctx);
  });

  app.patch('/api/v1/backups/settings', { schema: { tags, summary: 'Change the schedule, directory and retention (admins)', body: BackupSettingsPatch, response: { 200: BackupSettings, ...errorResponses } } }, (request) =>
    updateBackupSettings(request.ctx, request.body),
  );

  app.post('/api/v1/backups/prune', { schema: { tags, summary: 'Delete the backups the retention rules do not keep (admins)', response: { 200: PruneResult, ...errorResponses } } }, (request) =>
    runPrune(adminJob(request.ctx, config())),
  );

  app.post('/api/v1/backups/:name/verify', { schema: { tags, summary: 'Restore test of one backup, in the background (admins)', params: BackupName, response: { 202: Accepted, ...errorResponses } } }, async (request, reply) => {
    const job = adminJob(request.ctx, config());
    return reply.code(202).send(start('verify', () => runVerify(job, request.params.name, true)));
  });

  app.post(
    '/api/v1/backups/:name/restore',
    { schema: { tags, summary: 'Restore one backup over the database, after a safety backup, in the background (admins; `confirm` repeats the name)', params: BackupName, body: RestoreBody, response: { 202: Accepted, ...errorResponses } } },
    async (request, reply) => {
      const job = adminJob(request.ctx, config());
      if (request.body.confirm !== request.params.name) {
        throw codedError('validation', 'backup.confirm_restore', {}, { errors: [{ field: 'confirm', message: `must be ${request.params.name}`, code: 'field.one_of', params: { values: request.params.name } }] });
      }
      return reply.code(202).send(start('restore', () => runRestore(job, request.params.name, { force: request.body.force === true, namesOnly: true })));
    },
  );
}
