import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createTask } from '../../core/tasks/create-task.ts';
import { deleteTask } from '../../core/tasks/delete-task.ts';
import { getTask } from '../../core/tasks/get-task.ts';
import { listTasks } from '../../core/tasks/list-tasks.ts';
import { restoreTask } from '../../core/tasks/restore-task.ts';
import { updateTask } from '../../core/tasks/update-task.ts';
import { AccessList, AccessQuery, Page } from '../../domain/record.ts';
import { accessList } from '../../core/access/writable-ids.ts';
import { Task, TaskCreate, TaskListQuery, TaskPatch } from '../../domain/task.ts';
import { errorResponses, IdParams, IfMatchHeaders } from '../http/schemas.ts';
import { expectedVersion, withEtag } from '../http/versioning.ts';

const tags = ['tasks'];

export async function taskRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/tasks',
    { schema: { tags, summary: 'List tasks (assignee, done, overdue, due range, customer; keyset paging)', querystring: TaskListQuery, response: { 200: Page(Task), ...errorResponses } } },
    (request) => listTasks(request.ctx, request.query),
  );

  app.get(
    '/api/v1/tasks/access',
    { schema: { tags, summary: 'What the caller may do with each of up to 200 tasks (read, or write: edit and delete) — one request for a page of the list', querystring: AccessQuery('task'), response: { 200: AccessList('task'), ...errorResponses } } },
    (request) => accessList(request.ctx, 'task', request.query.ids.split(',').map(Number)),
  );

  app.post(
    '/api/v1/tasks',
    { schema: { tags, summary: 'Create a task (assigned to you unless assigneeId says otherwise)', body: TaskCreate, response: { 201: Task, ...errorResponses } } },
    async (request, reply) => {
      const task = await createTask(request.ctx, request.body);
      reply.status(201).header('location', `/api/v1/tasks/${task.id}`);
      return withEtag(reply, task);
    },
  );

  app.get(
    '/api/v1/tasks/:id',
    { schema: { tags, summary: 'Get one task', params: IdParams, response: { 200: Task, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await getTask(request.ctx, request.params.id)),
  );

  app.patch(
    '/api/v1/tasks/:id',
    { schema: { tags, summary: 'Update a task (partial; done: true stamps doneAt); If-Match guards against lost updates', params: IdParams, headers: IfMatchHeaders, body: TaskPatch, response: { 200: Task, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await updateTask(request.ctx, request.params.id, request.body, expectedVersion(request))),
  );

  app.delete(
    '/api/v1/tasks/:id',
    { schema: { tags, summary: 'Move a task to the recycle bin', params: IdParams, headers: IfMatchHeaders, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteTask(request.ctx, request.params.id, expectedVersion(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/tasks/:id/restore',
    { schema: { tags, summary: 'Restore a task from the recycle bin', params: IdParams, response: { 200: Task, ...errorResponses } } },
    async (request, reply) => withEtag(reply, await restoreTask(request.ctx, request.params.id)),
  );
}
