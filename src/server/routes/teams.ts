import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createTeam } from '../../core/teams/create-team.ts';
import { deleteTeam } from '../../core/teams/delete-team.ts';
import { getTeam, listTeams } from '../../core/teams/list-teams.ts';
import { updateTeam } from '../../core/teams/update-team.ts';
import { Team, TeamCreate, TeamPatch } from '../../domain/team.ts';
import { errorResponses, IdParams } from '../http/schemas.ts';

const tags = ['teams'];

export async function teamRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/teams',
    { schema: { tags, summary: 'Every team by name, with its parent, manager and member count', response: { 200: Type.Object({ items: Type.Array(Team) }), ...errorResponses } } },
    async (request) => ({ items: await listTeams(request.ctx) }),
  );

  app.post(
    '/api/v1/teams',
    { schema: { tags, summary: 'Add a team, optionally below a parent and with a manager (admin only)', body: TeamCreate, response: { 201: Team, ...errorResponses } } },
    async (request, reply) => {
      const team = await createTeam(request.ctx, request.body);
      reply.status(201).header('location', `/api/v1/teams/${team.id}`);
      return team;
    },
  );

  app.get(
    '/api/v1/teams/:id',
    { schema: { tags, summary: 'One team', params: IdParams, response: { 200: Team, ...errorResponses } } },
    (request) => getTeam(request.ctx, request.params.id),
  );

  app.patch(
    '/api/v1/teams/:id',
    { schema: { tags, summary: 'Rename a team, move it under another (400 if that makes a loop) or change its manager (admin only)', params: IdParams, body: TeamPatch, response: { 200: Team, ...errorResponses } } },
    (request) => updateTeam(request.ctx, request.params.id, request.body),
  );

  app.delete(
    '/api/v1/teams/:id',
    { schema: { tags, summary: 'Delete a team with no members and no child teams (admin only; 409 otherwise)', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteTeam(request.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
