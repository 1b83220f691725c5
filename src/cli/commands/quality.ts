import type { Command } from 'commander';
import { CONSOLE_ACTOR } from '../../core/access/console-actor.ts';
import { getDataQuality } from '../../core/quality/get-data-quality.ts';
import { codedField, validationError } from '../../domain/errors.ts';
import { DEFAULT_STALE_DAYS } from '../../domain/quality.ts';
import { headers, QUALITY_CHECKS_ZH, say } from '../cli-words.ts';
import { print, printJson, type CliIo } from '../io.ts';
import { formatTable } from '../table.ts';
import { withDeps } from '../with-deps.ts';

interface QualityOptions {
  staleDays?: string;
  sample?: string;
  json?: boolean;
}

function wholeNumber(text: string | undefined, flag: string, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const value = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < (flag === '--sample' ? 0 : 1) || value > max) {
    throw validationError([codedField(flag, 'cli.whole_up_to', { max, value: text })]);
  }
  return value;
}

export function qualityCommand(program: Command, io: CliIo): void {
  program
    .command('quality')
    .description('report customers with missing or invalid key fields, stale ones, and suspected duplicates')
    .option('--stale-days <n>', `a customer with no interaction for this many days is stale (default ${DEFAULT_STALE_DAYS})`)
    .option('--sample <n>', 'example customers listed per check (default 3; 10 with --json)')
    .option('--json', 'print the report as JSON, with example ids and API links')
    .action(async (options: QualityOptions) => {
      const staleDays = wholeNumber(options.staleDays, '--stale-days', DEFAULT_STALE_DAYS, 3650);
      const sample = wholeNumber(options.sample, '--sample', options.json ? 10 : 3, 100);
      const report = await withDeps(io, (deps) => getDataQuality({ ...deps, actor: CONSOLE_ACTOR }, { staleDays, sample }));
      if (options.json) {
        printJson(io, report);
        return;
      }
      print(io, say(io, 'Data quality of {{n}} customers (stale: no interaction for {{days}} days)', { n: report.customers, days: report.staleDays }));
      print(io);
      const label = (c: (typeof report.checks)[number]) => (io.language === 'zh' ? QUALITY_CHECKS_ZH[c.key] : c.label);
      const rows = report.checks.map((c) => [label(c), c.count, c.sample.map((s) => `#${s.id} ${s.name}`).join(', ')]);
      for (const line of formatTable(headers(io, ['check', 'count', 'examples']), rows)) print(io, line);
    });
}
