import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { getPoolSettings } from '../../core/settings/get-pool-settings.ts';
import { getWorkspaceSettings } from '../../core/settings/get-workspace-settings.ts';
import { updatePoolSettings } from '../../core/settings/update-pool-settings.ts';
import { PoolSettings, PoolSettingsPatch, WorkspaceSettings } from '../../domain/settings.ts';
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
}
