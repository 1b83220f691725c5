import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TObject, type TProperties } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { applyAbcLevels } from '../../core/analytics/apply-abc-levels.ts';
import { createChurnTasks } from '../../core/analytics/create-churn-tasks.ts';
import { customerProfile } from '../../core/analytics/customer-profile.ts';
import {
  AbcApply,
  AbcApplyResult,
  AbcQuery,
  AbcReport,
  ChurnQuery,
  ChurnReport,
  ChurnTasksInput,
  ChurnTasksResult,
  ClvQuery,
  ClvReport,
  CohortQuery,
  CohortReport,
  ForecastQuery,
  ForecastReport,
  LifecycleQuery,
  LifecycleReport,
  RfmQuery,
  RfmReport,
} from '../../domain/analytics.ts';
import { CustomerProfile, CustomerProfileQuery } from '../../domain/customer-profile.ts';
import { ANALYSES, exportAnalysis } from '../../core/exports/export-analysis.ts';
import { analysisFileOptions, type AnalysisExport, type AnalysisFormat } from '../../domain/analysis-export.ts';
import type { Language } from '../../domain/messages.ts';
import { RevenueQuery, RevenueReport } from '../../domain/revenue-report.ts';
import { errorResponses, IdParams } from '../http/schemas.ts';
import { exportLanguage, sendFile } from '../http/send-file.ts';

const tags = ['analytics'];
const files = ' With format=csv|xlsx: a file of every listed row in the language of lang or Accept-Language.';

/** An analysis's query that may also ask for a file. */
const withFile = <P extends TProperties>(query: TObject<P>) => Type.Object({ ...query.properties, ...analysisFileOptions }, { additionalProperties: false });

type FileQuery = { format?: AnalysisFormat; lang?: Language; timeZone?: string } & Record<string, unknown>;

/** The analysis as JSON, or with `format` as a file of the same figures. */
async function answer(request: FastifyRequest, reply: FastifyReply, name: AnalysisExport): Promise<unknown> {
  const { format, lang, timeZone, ...query } = request.query as FileQuery;
  if (format === undefined) return ANALYSES[name](request.ctx, query as never);
  const file = await exportAnalysis(request.ctx, name, query, { format, timeZone, ...exportLanguage(lang, request.headers['accept-language']) });
  return sendFile(reply, file);
}

const scope = 'Counts only the customers you may see (a manager their team’s, a rep their own); amounts per currency, never summed across them.';

export async function analyticsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/analytics/rfm',
    { schema: { tags, summary: `RFM: recency, frequency and monetary value scored in quintiles, named groups, thresholds and the scored customers. ${scope}${files}`, querystring: withFile(RfmQuery), response: { 200: RfmReport, ...errorResponses } } },
    (request, reply) => answer(request, reply, 'rfm'),
  );

  app.get(
    '/api/v1/analytics/abc',
    { schema: { tags, summary: `ABC (Pareto): customers ranked by revenue in the period; A the first 80 % of revenue, B the next 15 %, C the rest (split adjustable). ${scope}${files}`, querystring: withFile(AbcQuery), response: { 200: AbcReport, ...errorResponses } } },
    (request, reply) => answer(request, reply, 'abc'),
  );

  app.post(
    '/api/v1/analytics/abc/apply',
    { schema: { tags, summary: 'Write each customer’s ABC class into its level (customers you may change; each change versioned and audited); dryRun counts only', body: AbcApply, response: { 200: AbcApplyResult, ...errorResponses } } },
    (request) => applyAbcLevels(request.ctx, request.body),
  );

  app.get(
    '/api/v1/analytics/lifecycle',
    { schema: { tags, summary: `Lifecycle: entries per stage, conversion rates and median days between stages, optionally per owner, team, source or month. ${scope}${files}`, querystring: withFile(LifecycleQuery), response: { 200: LifecycleReport, ...errorResponses } } },
    (request, reply) => answer(request, reply, 'lifecycle'),
  );

  app.get(
    '/api/v1/analytics/clv',
    { schema: { tags, summary: `Customer lifetime value: BG/NBD and Gamma-Gamma fitted on the workspace’s orders (once a day, or refit=true), P(alive), expected purchases and value per customer. ${scope}${files}`, querystring: withFile(ClvQuery), response: { 200: ClvReport, ...errorResponses } } },
    (request, reply) => answer(request, reply, 'clv'),
  );

  app.get(
    '/api/v1/analytics/churn',
    { schema: { tags, summary: `Churn risk (1 − P(alive)) per customer, riskiest first, each with its reason in English and Chinese. ${scope}${files}`, querystring: withFile(ChurnQuery), response: { 200: ChurnReport, ...errorResponses } } },
    (request, reply) => answer(request, reply, 'churn'),
  );

  app.post(
    '/api/v1/analytics/churn/tasks',
    { schema: { tags, summary: 'A win-back task for the owner of every customer at risk that you may change (none twice while one is open); dryRun counts only', body: ChurnTasksInput, response: { 200: ChurnTasksResult, ...errorResponses } } },
    (request) => createChurnTasks(request.ctx, request.body),
  );

  app.get(
    '/api/v1/analytics/forecast',
    { schema: { tags, summary: `Sales forecast: open deals you may see weighted by stage probability per month of expected close, owner and team; win and loss rates and days to close.${files}`, querystring: withFile(ForecastQuery), response: { 200: ForecastReport, ...errorResponses } } },
    (request, reply) => answer(request, reply, 'forecast'),
  );

  app.get(
    '/api/v1/analytics/cohorts',
    { schema: { tags, summary: `Retention cohorts: customers by month of first order and the share ordering in each later month. ${scope}${files}`, querystring: withFile(CohortQuery), response: { 200: CohortReport, ...errorResponses } } },
    (request, reply) => answer(request, reply, 'cohorts'),
  );

  app.get(
    '/api/v1/analytics/revenue',
    { schema: { tags, summary: `Revenue per month and currency from the orders of the customers covered (without from: the 12 months to \`to\`). ${scope}${files}`, querystring: withFile(RevenueQuery), response: { 200: RevenueReport, ...errorResponses } } },
    (request, reply) => answer(request, reply, 'revenue'),
  );

  app.get(
    '/api/v1/analytics/customers/:id/profile',
    {
      schema: {
        tags,
        summary: 'One customer’s profile (客户画像) per currency: RFM group, ABC class, share of revenue and percentile among the customers you may see, lifetime value, P(alive), next expected purchase, rhythm and favourite products',
        params: IdParams,
        querystring: CustomerProfileQuery,
        response: { 200: CustomerProfile, ...errorResponses },
      },
    },
    (request) => customerProfile(request.ctx, request.params.id, request.query),
  );
}
