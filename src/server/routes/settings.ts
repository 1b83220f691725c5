import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { getPoolSettings } from '../../core/settings/get-pool-settings.ts';
import { getWorkspaceSettings } from '../../core/settings/get-workspace-settings.ts';
import { updatePoolSettings } from '../../core/settings/update-pool-settings.ts';
import { getWorkspaceTime } from '../../core/settings/get-workspace-time.ts';
import { updateWorkspaceTime } from '../../core/settings/update-workspace-time.ts';
import { PoolSettings, PoolSettingsPatch, WorkspaceSettings } from '../../domain/settings.ts';
import { WorkspaceTime, WorkspaceTimePatch } from '../../domain/workspace-time.ts';
import { errorResponses } from '../http/schemas.ts';

const tags = ['settings'];

/** Workspace settings: readable by anyone signed in, changed by admins. */
export async function settingsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/settings/workspace',
    { schema: { tags, summary: "The workspace's region (how phones are read and shown)", response: { 200: WorkspaceSettings, ...errorResponses } } },
    (request) => getWorkspaceSettings(request.ctx),
  );

  app.get(
    '/api/v1/settings/pool',
    { schema: { tags, summary: 'The public pool rules: how many customers a rep may hold, and after how many untouched days they return', response: { 200: PoolSettings, ...errorResponses } } },
    (request) => getPoolSettings(request.ctx),
  );

  app.patch(
    '/api/v1/settings/pool',
    { schema: { tags, summary: 'Change the public pool rules (admins only); null turns a rule off', body: PoolSettingsPatch, response: { 200: PoolSettings, ...errorResponses } } },
    (request) => updatePoolSettings(request.ctx, request.body),
  );

  app.get(
    '/api/v1/settings/time-zone',
    {
      schema: {
        tags,
        summary: "The workspace's time zone: where analytics' days and months begin, how import times without a zone are read, and the times of exports for people (UTC+8 unless an admin set it)",
        response: { 200: WorkspaceTime, ...errorResponses },
      },
    },
    (request) => getWorkspaceTime(request.ctx),
  );

  app.patch(
    '/api/v1/settings/time-zone',
    {
      schema: {
        tags,
        summary: "Set the workspace's time zone (admins only): utcOffset in minutes east of UTC (a multiple of 15), or an IANA timeZone whose offset today is kept (daylight saving time is not followed)",
        body: WorkspaceTimePatch,
        response: { 200: WorkspaceTime, ...errorResponses },
      },
    },
    (request) => updateWorkspaceTime(request.ctx, request.body),
  );
}
