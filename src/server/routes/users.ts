import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { addUser } from '../../core/users/add-user.ts';
import { createResetLink } from '../../core/users/create-reset-link.ts';
import { getUser, listUsersFor } from '../../core/users/list-users.ts';
import { setUserPassword } from '../../core/users/set-password.ts';
import { updateUser } from '../../core/users/update-user.ts';
import { ResetLink } from '../../domain/password-reset.ts';
import { PasswordSet, User, UserAdd, UserListItem, UserPatch } from '../../domain/user.ts';
import { errorResponses, IdParams } from '../http/schemas.ts';

const tags = ['users'];

export async function userRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/users',
    { schema: { tags, summary: 'Users by name: admins see everyone with every field; others see active users’ name, e-mail, role and team', response: { 200: Type.Object({ items: Type.Array(UserListItem) }), ...errorResponses } } },
    async (request) => ({ items: await listUsersFor(request.ctx) }),
  );

  app.post(
    '/api/v1/users',
    { schema: { tags, summary: 'Add a user (admin only); the password, if given, must be at least 10 characters', body: UserAdd, response: { 201: User, ...errorResponses } } },
    async (request, reply) => {
      const user = await addUser(request.ctx, request.body);
      reply.status(201).header('location', `/api/v1/users/${user.id}`);
      return user;
    },
  );

  app.get(
    '/api/v1/users/:id',
    { schema: { tags, summary: 'One user (a disabled user only for admins)', params: IdParams, response: { 200: UserListItem, ...errorResponses } } },
    (request) => getUser(request.ctx, request.params.id),
  );

  app.patch(
    '/api/v1/users/:id',
    { schema: { tags, summary: 'Change a user’s name, role, team or disabled flag, or turn off their two-factor sign-in (admin only); 409 for the last active admin', params: IdParams, body: UserPatch, response: { 200: User, ...errorResponses } } },
    (request) => updateUser(request.ctx, request.params.id, request.body),
  );

  app.post(
    '/api/v1/users/:id/password',
    { schema: { tags, summary: 'Set a user’s password (admin only); they are signed out everywhere', params: IdParams, body: PasswordSet, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await setUserPassword(request.ctx, request.params.id, request.body.password);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/users/:id/reset-link',
    { schema: { tags, summary: 'Make a one-time password reset link for a user who forgot their password (admin only): open it within 24 hours to set a new password; a newer link ends older ones', params: IdParams, response: { 201: ResetLink, ...errorResponses } } },
    async (request, reply) => {
      const { token: _token, ...link } = await createResetLink(request.ctx, request.params.id);
      reply.status(201).header('cache-control', 'no-store');
      return link;
    },
  );
}
