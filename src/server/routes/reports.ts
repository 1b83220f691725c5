import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { getDashboard } from '../../core/reports/dashboard.ts';
import { dealsByStage } from '../../core/reports/deals-by-stage.ts';
import { upcomingBirthdays } from '../../core/reports/upcoming-birthdays.ts';
import { Type } from 'typebox';
import { Birthdays, Dashboard, PipelineQuery, ReportQuery, StageDeals } from '../../domain/report.ts';
import { errorResponses } from '../http/schemas.ts';

const tags = ['reports'];

export async function reportRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/reports/dashboard',
    {
      schema: {
        tags,
        summary: 'The dashboard in one answer: funnel, new customers and revenue per month, top customers, your open tasks, open deals per stage — all limited to what you may see',
        querystring: ReportQuery,
        response: { 200: Dashboard, ...errorResponses },
      },
    },
    (request) => getDashboard(request.ctx, request.query),
  );

  app.get(
    '/api/v1/reports/pipeline',
    {
      schema: {
        tags,
        summary: 'Open deals you may see, counted and summed per currency for every pipeline stage (the deal board’s column totals; closed=true adds the won and lost columns)',
        querystring: PipelineQuery,
        response: { 200: Type.Object({ items: Type.Array(StageDeals) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await dealsByStage(request.ctx, { closed: request.query.closed === true }) }),
  );

  app.get(
    '/api/v1/reports/birthdays',
    {
      schema: {
        tags,
        summary: 'Contacts you may see whose birthday falls in the coming week, soonest first',
        querystring: ReportQuery,
        response: { 200: Birthdays, ...errorResponses },
      },
    },
    (request) => upcomingBirthdays(request.ctx, request.query),
  );
}
