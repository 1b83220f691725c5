import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createPipelineStage } from '../../core/pipeline-stages/create-pipeline-stage.ts';
import { deletePipelineStage } from '../../core/pipeline-stages/delete-pipeline-stage.ts';
import { listPipelineStages } from '../../core/pipeline-stages/list-pipeline-stages.ts';
import { restorePipelineStage } from '../../core/pipeline-stages/restore-pipeline-stage.ts';
import { updatePipelineStage } from '../../core/pipeline-stages/update-pipeline-stage.ts';
import { PipelineStage, PipelineStageCreate, PipelineStageListQuery, PipelineStagePatch } from '../../domain/pipeline-stage.ts';
import { Page } from '../../domain/record.ts';
import { errorResponses, IdParams, IfMatchHeaders } from '../http/schemas.ts';
import { expectedVersion, withEtag } from '../http/versioning.ts';

const tags = ['pipeline'];

export async function pipelineStageRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/pipeline-stages',
    { schema: { tags, summary: 'List the pipeline stages in board order (one page)', querystring: PipelineStageListQuery, response: { 200: Page(PipelineStage), ...errorResponses } } },
    (request) => listPipelineStages(request.ctx, request.query),
  );

  app.post(
    '/api/v1/pipeline-stages',
    { schema: { tags, summary: 'Add a pipeline stage (admin)', body: PipelineStageCreate, response: { 201: PipelineStage, ...errorResponses } } },
    async (request, reply) => {
      const stage = await createPipelineStage(request.ctx, request.body);
      reply.status(201).header('location', `/api/v1/pipeline-stages/${stage.id}`);
      return withEtag(reply, stage);
    },
  );

  app.patch(
    '/api/v1/pipeline-stages/:id',
    { schema: { tags, summary: 'Rename, move or re-weight a stage (admin); If-Match guards against lost updates', params: IdParams, headers: IfMatchHeaders, body: PipelineStagePatch, response: { 200: PipelineStage, ...errorResponses } } },
    async (request, reply) =>
      withEtag(reply, await updatePipelineStage(request.ctx, request.params.id, request.body, expectedVersion(request))),
  );

  app.delete(
    '/api/v1/pipeline-stages/:id',
    { schema: { tags, summary: 'Move a stage to the recycle bin (admin); 409 while open deals use it', params: IdParams, headers: IfMatchHeaders, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deletePipelineStage(request.ctx, request.params.id, expectedVersion(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/pipeline-stages/:id/restore',
    { schema: { tags, summary: 'Restore a stage from the recycle bin (admin)', params: IdParams, response: { 200: PipelineStage, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await restorePipelineStage(request.ctx, request.params.id)),
  );
}
