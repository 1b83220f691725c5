import type { Command } from 'commander';
import { CONSOLE_ACTOR } from '../../core/access/console-actor.ts';
import type { Ctx, Deps } from '../../core/context.ts';
import { duplicatePairsFile, eachDuplicatePair, PAIR_FILE_FORMATS, type PairFileFormat } from '../../core/dedupe/duplicate-pairs-file.ts';
import { scanDuplicates, type ScanResult } from '../../core/dedupe/scan-duplicates.ts';
import { DEFAULT_MIN_SCORE, DUPLICATE_ENTITIES, type DuplicateEntity, type DuplicatePairShape } from '../../domain/duplicate.ts';
import { reasonsIn } from '../../domain/duplicate-reasons.ts';
import { codedField, validationError } from '../../domain/errors.ts';
import type { Language } from '../../domain/messages.ts';
import { say } from '../cli-words.ts';
import { note, print, printJson, type CliIo } from '../io.ts';
import { withDeps } from '../with-deps.ts';
import { writeOut } from '../write-out.ts';
import { mergeAfterScan, mergeScore, printMerge } from './dedupe-merge.ts';

export interface DedupeOptions {
  entity?: string;
  minScore?: string;
  top?: string;
  json?: boolean;
  out?: string;
  format?: string;
}

interface ParsedOptions {
  entity: DuplicateEntity;
  minScore: number;
  /** pairs to print; Infinity for all */
  top: number;
  out: { path: string; format: PairFileFormat } | null;
}

function parseOut(options: DedupeOptions): ParsedOptions['out'] {
  if (options.out === undefined) {
    if (options.format !== undefined) throw validationError([codedField('--format', 'cli.needs_out')]);
    return null;
  }
  const format = (options.format ?? /\.(csv|json)$/i.exec(options.out)?.[1]?.toLowerCase()) as PairFileFormat | undefined;
  if (format === undefined) throw validationError([codedField('--format', 'cli.pair_format_from_name', { value: options.out })]);
  if (!PAIR_FILE_FORMATS.includes(format)) throw validationError([codedField('--format', 'cli.not_one_of', { values: 'csv or json', value: String(options.format) })]);
  return { path: options.out, format };
}

function parseOptions(options: DedupeOptions): ParsedOptions {
  const entity = (options.entity ?? 'customers') as DuplicateEntity;
  if (!DUPLICATE_ENTITIES.includes(entity)) throw validationError([codedField('--entity', 'cli.not_one_of', { values: 'customers or contacts', value: String(options.entity) })]);
  const minScore = options.minScore === undefined ? DEFAULT_MIN_SCORE : Number(options.minScore);
  if (!Number.isFinite(minScore) || minScore < 0 || minScore > 1) throw validationError([codedField('--min-score', 'cli.number_range', { min: 0, max: 1, value: String(options.minScore) })]);
  const top = options.top === undefined ? 20 : options.top === 'all' ? Number.POSITIVE_INFINITY : Number(options.top);
  if (top !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(top) || top < 0)) throw validationError([codedField('--top', 'cli.whole_or_all', { value: String(options.top) })]);
  return { entity, minScore, top, out: parseOut(options) };
}

/** The best `top` pairs the actor may see, however many: read page by page. */
async function bestPairs(ctx: Ctx, entity: DuplicateEntity, top: number): Promise<DuplicatePairShape[]> {
  const pairs: DuplicatePairShape[] = [];
  if (top === 0) return pairs;
  for await (const pair of eachDuplicatePair(ctx, { entity })) {
    pairs.push(pair);
    if (pairs.length >= top) break;
  }
  return pairs;
}

// The scan's phases and the passes of its comparing (core/dedupe/find-pairs.ts), in Chinese.
const PHASES_ZH: Record<string, string> = {
  reading: '读取',
  saving: '保存',
  phone: '电话',
  email: '邮箱',
  'id number': '证件号',
  name: '名称',
  'name part': '名称片段',
  address: '地址',
  'house number': '门牌号',
  birthday: '生日',
  postcode: '邮编',
  'sorted names': '排序后的名称',
  'shared matches': '共同匹配',
};
function phaseText(io: CliIo, phase: string): string {
  if (io.language !== 'zh') return phase;
  const pass = /^comparing: (.+)$/.exec(phase)?.[1];
  return pass === undefined ? (PHASES_ZH[phase] ?? phase) : `比对：${PHASES_ZH[pass] ?? pass}`;
}

const describe = (r: DuplicatePairShape['a']) => `#${r.id} ${r.name}${r.phones[0] ? ` ${r.phones[0]}` : ''}${r.emails[0] ? ` ${r.emails[0]}` : ''}`;

function printReport(io: CliIo, result: ScanResult, top: DuplicatePairShape[], language: Language): void {
  const params = { n: result.records, entity: say(io, result.entity === 'customers' ? 'customers' : 'contacts'), seconds: (result.tookMs / 1000).toFixed(1), pairs: result.pairs, groups: result.clusters };
  print(io, say(io, 'Scanned {{n}} {{entity}} in {{seconds}} s: {{pairs}} likely duplicate pairs in {{groups}} groups.', params));
  if (top.length > 0) print(io, top.length === result.pairs ? say(io, 'All {{n}}:', { n: top.length }) : say(io, 'Best {{n}} (--top all lists every pair):', { n: top.length }));
  for (const pair of top) {
    print(io, `  ${pair.score.toFixed(2)}  ${describe(pair.a)}  ⇄  ${describe(pair.b)}`);
    print(io, `        ${reasonsIn(pair, language).join('; ')}`);
  }
  if (result.pairs > 0) print(io, say(io, 'Review them in the web app or with GET /api/v1/duplicates.'));
}

/** Scans, then lists the best pairs; shared with the merge step that may follow (--merge-above). */
export async function runDedupe(io: CliIo, deps: Deps, options: DedupeOptions) {
  const { entity, minScore, top, out } = parseOptions(options);
  const ctx = { ...deps, actor: CONSOLE_ACTOR };
  let shown = '';
  const result = await scanDuplicates(ctx, {
    entity,
    minScore,
    onProgress: (p) => {
      if (p.phase !== shown) note(io, `kehu: ${phaseText(io, (shown = p.phase))}…`);
    },
  });
  const pairs = await bestPairs(ctx, entity, top);
  if (out) {
    await writeOut(io, duplicatePairsFile(eachDuplicatePair(ctx, { entity }), out.format, io.language ?? 'en'), out.path);
    note(io, `kehu: ${say(io, 'wrote {{n}} pairs to {{file}} ({{format}})', { n: result.pairs, file: out.path, format: out.format })}`);
  }
  return { ctx, result, pairs };
}

export function dedupeCommand(program: Command, io: CliIo): void {
  program
    .command('dedupe')
    .description('scan all customers (or contacts) for likely duplicates and store the pairs for review')
    .option('--entity <entity>', 'customers or contacts', 'customers')
    .option('--min-score <score>', `keep pairs scoring at least this, 0..1 (default ${DEFAULT_MIN_SCORE})`)
    .option('--top <n>', 'how many of the best pairs to print, or "all" (default 20)')
    .option('--json', 'print { entity, pairs, clusters, records, tookMs, top: [...] } as JSON')
    .option('--out <file>', 'also write every pair to this file, as CSV or JSON (by its extension or --format)')
    .option('--format <format>', 'csv or json, for --out')
    .option('--merge-above <score>', 'then merge the open pairs scoring at least this (0.5..1), each group into its oldest record (undoable)')
    .action(async (options: DedupeOptions & { mergeAbove?: string }) => {
      const mergeAbove = options.mergeAbove === undefined ? undefined : mergeScore(options.mergeAbove);
      await withDeps(io, async (deps) => {
        const { result, pairs } = await runDedupe(io, deps, options);
        const merge = mergeAbove === undefined ? undefined : await mergeAfterScan(io, deps, { entity: result.entity, minScore: mergeAbove });
        if (options.json) printJson(io, { ...result, top: pairs, ...(merge ? { merge } : {}) });
        else printReport(io, result, pairs, io.language ?? 'en');
        if (merge && !options.json) printMerge(io, merge);
      });
    });
}
