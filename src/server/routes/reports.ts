import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { getDashboard } from '../../core/reports/dashboard.ts';
import { dealsByStage } from '../../core/reports/deals-by-stage.ts';
import { upcomingBirthdays } from '../../core/reports/upcoming-birthdays.ts';
import { exportReport, type ReportAnswers } from '../../core/exports/export-report.ts';
import { Type, type TObject, type TProperties } from 'typebox';
import type { AnalysisFormat } from '../../domain/analysis-export.ts';
import type { Language } from '../../domain/messages.ts';
import { Birthdays, Dashboard, PipelineQuery, ReportQuery, StageDeals } from '../../domain/report.ts';
import { reportFileOptions, type ReportExport } from '../../domain/report-export.ts';
import { errorResponses } from '../http/schemas.ts';
import { exportLanguage, sendFile } from '../http/send-file.ts';

const tags = ['reports'];
const files = ' With format=csv|xlsx: the same figures as a file (the dashboard as one table, a row per figure and its part named first), in the language of lang or Accept-Language.';

/** A report's query that may also ask for a file. */
const withFile = <P extends TProperties>(query: TObject<P>) => Type.Object({ ...query.properties, ...reportFileOptions }, { additionalProperties: false });

type FileQuery = { format?: AnalysisFormat; lang?: Language; timeZone?: string } & Record<string, unknown>;

/** The report as JSON, or with `format` as a file of the same figures. */
async function answer<K extends ReportExport>(request: FastifyRequest, reply: FastifyReply, name: K, compute: (query: Record<string, unknown>) => Promise<ReportAnswers[K]>): Promise<unknown> {
  const { format, lang, timeZone, ...query } = request.query as FileQuery;
  if (format === undefined) return compute(query);
  const file = await exportReport(request.ctx, name, await compute(query), query, { format, timeZone, ...exportLanguage(lang, request.headers['accept-language']) });
  return sendFile(reply, file);
}

export async function reportRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/reports/dashboard',
    {
      schema: {
        tags,
        summary: `The dashboard in one answer: funnel, new customers and revenue per month, top customers, your open tasks, open deals per stage — all limited to what you may see.${files}`,
        querystring: withFile(ReportQuery),
        response: { 200: Dashboard, ...errorResponses },
      },
    },
    (request, reply) => answer(request, reply, 'dashboard', (query) => getDashboard(request.ctx, query)),
  );

  app.get(
    '/api/v1/reports/pipeline',
    {
      schema: {
        tags,
        summary: `Open deals you may see, counted and summed per currency for every pipeline stage (the deal board’s column totals; closed=true adds the won and lost columns).${files}`,
        querystring: withFile(PipelineQuery),
        response: { 200: Type.Object({ items: Type.Array(StageDeals) }), ...errorResponses },
      },
    },
    (request, reply) => answer(request, reply, 'pipeline', async (query) => ({ items: await dealsByStage(request.ctx, { closed: query.closed === true }) })),
  );

  app.get(
    '/api/v1/reports/birthdays',
    {
      schema: {
        tags,
        summary: `Contacts you may see whose birthday falls in the coming week, soonest first.${files}`,
        querystring: withFile(ReportQuery),
        response: { 200: Birthdays, ...errorResponses },
      },
    },
    (request, reply) => answer(request, reply, 'birthdays', (query) => upcomingBirthdays(request.ctx, query)),
  );
}
