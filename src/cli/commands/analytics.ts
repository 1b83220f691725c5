import type { Command } from 'commander';
import type { TSchema } from 'typebox';
import { consoleActor, consoleActorAs } from '../../core/access/console-actor.ts';
import { abcReport } from '../../core/analytics/abc-report.ts';
import { churnReport } from '../../core/analytics/churn-report.ts';
import { clvReport } from '../../core/analytics/clv-report.ts';
import { cohortReport } from '../../core/analytics/cohort-report.ts';
import { forecastReport } from '../../core/analytics/forecast-report.ts';
import { lifecycleReport } from '../../core/analytics/lifecycle-report.ts';
import { rfmReport } from '../../core/analytics/rfm-report.ts';
import type { Ctx, Deps } from '../../core/context.ts';
import { exportAnalysis } from '../../core/exports/export-analysis.ts';
import { revenueReport } from '../../core/reports/revenue-report.ts';
import { shapeChecker } from '../../core/records/check-shape.ts';
import { AbcQuery, ChurnQuery, ClvQuery, CohortQuery, ForecastQuery, LifecycleQuery, RfmQuery } from '../../domain/analytics.ts';
import { ANALYSIS_FORMATS, type AnalysisExport, type AnalysisFormat } from '../../domain/analysis-export.ts';
import { codedField, isAppError, validationError } from '../../domain/errors.ts';
import { isTimeZone } from '../../domain/export-language.ts';
import type { Language } from '../../domain/messages.ts';
import { RevenueQuery } from '../../domain/revenue-report.ts';
import { say } from '../cli-words.ts';
import { note, printJson, type CliIo } from '../io.ts';
import { withDeps } from '../with-deps.ts';
import { writeOut } from '../write-out.ts';
import { printReport } from './analytics-print.ts';

/** Flags every analysis takes, as the API's query parameters. */
const COMMON: Array<[string, string, string]> = [
  ['--as-of <date>', 'asOf', 'the day the analysis stands on (YYYY-MM-DD; default today)'],
  ['--from <date>', 'from', 'first day of orders read (default: all history)'],
  ['--to <date>', 'to', 'last day of orders read (default: --as-of)'],
  ['--owner <id|email>', 'ownerId', 'customers of this owner'],
  ['--team <id>', 'teamId', 'customers owned by this team or a team below it'],
  ['--segment <id>', 'segmentId', 'only the members of this segment'],
];
const CURRENCY: Array<[string, string, string]> = [['--currency <code>', 'currency', 'orders in this currency (default: the one most customers bought in)']];

interface Report {
  name: AnalysisExport;
  description: string;
  schema: TSchema;
  flags: Array<[string, string, string]>;
  listed: boolean;
  run: (ctx: Ctx, query: never) => Promise<unknown>;
}

const REPORTS: Report[] = [
  { name: 'rfm', description: 'RFM: recency, frequency and monetary value in quintiles, named groups and thresholds', schema: RfmQuery, listed: true, run: rfmReport, flags: [...CURRENCY, ['--group <group>', 'group', 'list only this RFM group']] },
  {
    name: 'abc',
    description: 'ABC (Pareto): customers ranked by revenue; A the first 80 % of revenue, B the next 15 %, C the rest',
    schema: AbcQuery,
    listed: true,
    run: abcReport,
    flags: [...CURRENCY, ['--a <share>', 'a', 'share of revenue that ends class A (default 0.8)'], ['--b <share>', 'b', 'cumulative share that ends class B (default 0.95)'], ['--class <class>', 'class', 'list only class A, B or C']],
  },
  {
    name: 'clv',
    description: 'lifetime value: BG/NBD and Gamma-Gamma fitted on the orders, P(alive), expected purchases and value per customer',
    schema: ClvQuery,
    listed: true,
    run: clvReport,
    flags: [...CURRENCY, ['--horizon-weeks <n>', 'horizonWeeks', 'how far ahead purchases and value are expected (default 52)'], ['--refit', 'refit', 'fit the models again even if today’s fit exists']],
  },
  {
    name: 'churn',
    description: 'churn risk (1 − P(alive)) per customer, riskiest first, with the reason',
    schema: ChurnQuery,
    listed: true,
    run: churnReport,
    flags: [...CURRENCY, ['--threshold <risk>', 'threshold', 'risk from which a customer is at risk (default 0.5)'], ['--at-risk-only', 'atRiskOnly', 'list only the customers at risk']],
  },
  { name: 'forecast', description: 'sales forecast: open deals weighted by stage probability per month, owner and team; win and loss rates', schema: ForecastQuery, listed: false, run: forecastReport, flags: [] },
  { name: 'cohorts', description: 'retention cohorts: customers by month of first order and the share ordering in each later month', schema: CohortQuery, listed: false, run: cohortReport, flags: [] },
  { name: 'revenue', description: 'revenue per month and currency (without --from: the 12 months to --to)', schema: RevenueQuery, listed: false, run: revenueReport, flags: [] },
  { name: 'lifecycle', description: 'lifecycle funnel: entries per stage, conversion rates and median days between stages', schema: LifecycleQuery, listed: false, run: lifecycleReport, flags: [['--group-by <key>', 'groupBy', 'a funnel per owner, team, source or month']] },
];

const NUMERIC = new Set(['ownerId', 'teamId', 'segmentId', 'horizonWeeks', 'a', 'b', 'threshold']);
const asNumber = (text: string): string | number => (/^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text);
const camel = (flag: string) => (flag.split(' ')[0] as string).slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The query of one report from its flags, checked by the schema the HTTP query string is checked with. */
async function queryOf(deps: Deps, report: Report, options: Record<string, unknown>): Promise<Record<string, unknown>> {
  const query: Record<string, unknown> = {};
  for (const [flag, field] of [...COMMON, ...report.flags]) {
    const value = options[camel(flag)];
    if (value === undefined) continue;
    if (field === 'ownerId' && typeof value === 'string' && !/^\d+$/.test(value.trim())) query.ownerId = (await consoleActorAs(deps, value, '--owner')).userId;
    else query[field] = typeof value === 'string' && NUMERIC.has(field) ? asNumber(value) : value;
  }
  const errors = shapeChecker(report.schema)(query);
  if (errors.length > 0) throw validationError(errors.map((e) => ({ ...e, field: flagOf(report, e.field) })));
  return query;
}

const flagOf = (report: Report, field: string) => [...COMMON, ...report.flags].find(([, f]) => f === field)?.[0].split(' ')[0] ?? field;

/** The report's own complaints (an unknown owner, a day out of order) name the flags too. */
async function naming<T>(report: Report, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isAppError(error) || error.code !== 'validation') throw error;
    throw validationError(error.errors.map((e) => ({ ...e, field: flagOf(report, e.field) })));
  }
}

function limitOf(text: string | undefined, json: boolean): number {
  if (text === undefined) return json ? Number.MAX_SAFE_INTEGER : 20;
  if (text === 'all') return Number.MAX_SAFE_INTEGER;
  const n = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw validationError([codedField('--limit', 'cli.whole_from_or_all', { min: 1, value: text })]);
  return n;
}

/** The file a report is written as (--format, else from --out's extension), or null for the terminal. */
function fileOf(options: Record<string, unknown>, lang: Language | undefined): { format: AnalysisFormat; lang?: Language; timeZone?: string } | null {
  const out = options.out as string | undefined;
  const format = (options.format as string | undefined) ?? (out ? (/\.xlsx$/i.test(out) ? 'xlsx' : /\.csv$/i.test(out) ? 'csv' : undefined) : undefined);
  const timeZone = options.timeZone as string | undefined;
  if (format !== undefined && !(ANALYSIS_FORMATS as readonly string[]).includes(format)) throw validationError([codedField('--format', 'cli.not_one_of', { values: 'csv or xlsx', value: format })]);
  if (timeZone !== undefined && !isTimeZone(timeZone)) throw validationError([codedField('--time-zone', 'field.time_zone', { value: timeZone })]);
  if (format === undefined) {
    if (out !== undefined) throw validationError([codedField('--out', 'cli.out_needs_format')]);
    return null;
  }
  if (options.json === true) throw validationError([codedField('--json', 'cli.json_with_format')]);
  return { format: format as AnalysisFormat, ...(lang ? { lang } : {}), ...(timeZone ? { timeZone } : {}) };
}

/** `kehu analytics clv --json`: the fitted parameters at the top and every customer's figures. */
function clvJson(report: Awaited<ReturnType<typeof clvReport>>): unknown {
  const { items, customers, nextCursor: _next, ...rest } = report;
  return { ...rest, bgnbd: report.bgnbd, gammaGamma: report.gammaGamma, scoredCustomers: customers, customers: items };
}

export function analyticsCommand(program: Command, io: CliIo): void {
  const analytics = program.command('analytics').description('analyses over the orders and customers: rfm, abc, clv, churn, forecast, cohorts, lifecycle, revenue; as a table, --json, or a --format csv|xlsx file');
  for (const report of REPORTS) {
    const command = analytics.command(report.name).description(report.description);
    for (const [flag, , help] of [...COMMON, ...report.flags]) command.option(flag, help);
    if (report.listed) command.option('--limit <n|all>', 'customers listed (default 20; with --json all)');
    command
      .option('--as <email>', 'analyse only what this user may see (default: everything, as the console)')
      .option('--json', 'print the report as JSON (as the API gives it)')
      .option('--format <format>', 'write every listed row as csv or xlsx (default: from --out, else a table on the terminal)')
      .option('--out <file>', 'with a file format: write to this file (default: standard output)')
      .option('--time-zone <zone>', 'with a file format and kehu --lang zh|en (headers, group names and reasons in that language, times local; without it English headers, codes, UTC): the time zone of times, e.g. Asia/Shanghai (default: KEHU_TIME_ZONE, else the workspace\'s analytics offset, UTC+8 unless set)')
      .action(async (options: Record<string, unknown>) => {
        const json = options.json === true;
        const file = fileOf(options, io.explicitLanguage);
        if (file) {
          await withDeps(io, async (deps) => {
            const ctx = { ...deps, actor: await consoleActor(deps, options.as as string | undefined) };
            const query = await queryOf(deps, report, options);
            let rows = 0;
            const exported = await naming(report, () => exportAnalysis(ctx, report.name, query, { ...file, onRows: (n) => (rows = n) }));
            await writeOut(io, exported.body, options.out as string | undefined);
            note(io, `kehu: ${report.name}: ${options.out ? say(io, '{{n}} rows written to {{file}}', { n: rows, file: options.out as string }) : say(io, '{{n}} rows', { n: rows })}`);
          });
          return;
        }
        const limit = report.listed ? limitOf(options.limit as string | undefined, json) : undefined;
        const result = await withDeps(io, async (deps) => {
          const ctx = { ...deps, actor: await consoleActor(deps, options.as as string | undefined) };
          const query = await queryOf(deps, report, options);
          return naming(report, () => report.run(ctx, (limit === undefined ? query : { ...query, limit }) as never));
        });
        if (json) printJson(io, report.name === 'clv' ? clvJson(result as Awaited<ReturnType<typeof clvReport>>) : result);
        else printReport(io, report.name, result);
      });
  }
}
