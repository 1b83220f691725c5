import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { abcReport } from '../../core/analytics/abc-report.ts';
import { applyAbcLevels } from '../../core/analytics/apply-abc-levels.ts';
import { churnReport } from '../../core/analytics/churn-report.ts';
import { clvReport } from '../../core/analytics/clv-report.ts';
import { cohortReport } from '../../core/analytics/cohort-report.ts';
import { createChurnTasks } from '../../core/analytics/create-churn-tasks.ts';
import { customerProfile } from '../../core/analytics/customer-profile.ts';
import { forecastReport } from '../../core/analytics/forecast-report.ts';
import { lifecycleReport } from '../../core/analytics/lifecycle-report.ts';
import { rfmReport } from '../../core/analytics/rfm-report.ts';
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
import { errorResponses, IdParams } from '../http/schemas.ts';

const tags = ['analytics'];
const scope = 'Counts only the customers you may see (a manager their team’s, a rep their own); amounts per currency, never summed across them.';

export async function analyticsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/analytics/rfm',
    { schema: { tags, summary: `RFM: recency, frequency and monetary value scored in quintiles, named groups, thresholds and the scored customers. ${scope}`, querystring: RfmQuery, response: { 200: RfmReport, ...errorResponses } } },
    (request) => rfmReport(request.ctx, request.query),
  );

  app.get(
    '/api/v1/analytics/abc',
    { schema: { tags, summary: `ABC (Pareto): customers ranked by revenue in the period; A the first 80 % of revenue, B the next 15 %, C the rest (split adjustable). ${scope}`, querystring: AbcQuery, response: { 200: AbcReport, ...errorResponses } } },
    (request) => abcReport(request.ctx, request.query),
  );

  app.post(
    '/api/v1/analytics/abc/apply',
    { schema: { tags, summary: 'Write each customer’s ABC class into its level (customers you may change; each change versioned and audited); dryRun counts only', body: AbcApply, response: { 200: AbcApplyResult, ...errorResponses } } },
    (request) => applyAbcLevels(request.ctx, request.body),
  );

  app.get(
    '/api/v1/analytics/lifecycle',
    { schema: { tags, summary: `Lifecycle: entries per stage, conversion rates and median days between stages, optionally per owner, team, source or month. ${scope}`, querystring: LifecycleQuery, response: { 200: LifecycleReport, ...errorResponses } } },
    (request) => lifecycleReport(request.ctx, request.query),
  );

  app.get(
    '/api/v1/analytics/clv',
    { schema: { tags, summary: `Customer lifetime value: BG/NBD and Gamma-Gamma fitted on the workspace’s orders (once a day, or refit=true), P(alive), expected purchases and value per customer. ${scope}`, querystring: ClvQuery, response: { 200: ClvReport, ...errorResponses } } },
    (request) => clvReport(request.ctx, request.query),
  );

  app.get(
    '/api/v1/analytics/churn',
    { schema: { tags, summary: `Churn risk (1 − P(alive)) per customer, riskiest first, each with its reason in English and Chinese. ${scope}`, querystring: ChurnQuery, response: { 200: ChurnReport, ...errorResponses } } },
    (request) => churnReport(request.ctx, request.query),
  );

  app.post(
    '/api/v1/analytics/churn/tasks',
    { schema: { tags, summary: 'A win-back task for the owner of every customer at risk that you may change (none twice while one is open); dryRun counts only', body: ChurnTasksInput, response: { 200: ChurnTasksResult, ...errorResponses } } },
    (request) => createChurnTasks(request.ctx, request.body),
  );

  app.get(
    '/api/v1/analytics/forecast',
    { schema: { tags, summary: 'Sales forecast: open deals you may see weighted by stage probability per month of expected close, owner and team; win and loss rates and days to close', querystring: ForecastQuery, response: { 200: ForecastReport, ...errorResponses } } },
    (request) => forecastReport(request.ctx, request.query),
  );

  app.get(
    '/api/v1/analytics/cohorts',
    { schema: { tags, summary: `Retention cohorts: customers by month of first order and the share ordering in each later month. ${scope}`, querystring: CohortQuery, response: { 200: CohortReport, ...errorResponses } } },
    (request) => cohortReport(request.ctx, request.query),
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
