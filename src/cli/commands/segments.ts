import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { consoleActor } from '../../core/access/console-actor.ts';
import type { Ctx } from '../../core/context.ts';
import { exportCustomers } from '../../core/exports/export-customers.ts';
import { createSegment } from '../../core/segments/create-segment.ts';
import { getSegment, listSegments } from '../../core/segments/list-segments.ts';
import { listSegmentMembers } from '../../core/segments/segment-members.ts';
import { codedField, validationError } from '../../domain/errors.ts';
import { headers, say } from '../cli-words.ts';
import { note, print, printJson, type CliIo } from '../io.ts';
import { formatTable } from '../table.ts';
import { withDeps } from '../with-deps.ts';
import { chooseFormat, languageOf, writeTo } from './export.ts';

const PAGE = 500;

function segmentId(text: string): number {
  const id = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw validationError([codedField('id', 'cli.not_a_segment_id', { value: text })]);
  return id;
}

/** The filter from --filter: JSON text, or @FILE holding it. */
async function filterOf(text: string): Promise<unknown> {
  const json = text.startsWith('@') ? await readFile(text.slice(1), 'utf8').catch(() => { throw validationError([codedField('--filter', 'cli.cannot_read_file', { path: text.slice(1) })]); }) : text;
  try {
    return JSON.parse(json);
  } catch (error) {
    throw validationError([codedField('--filter', 'cli.not_json', { reason: (error as Error).message })]);
  }
}

/** Runs `work` as the console or the `--as` user. */
const acting = <T>(io: CliIo, as: string | undefined, work: (ctx: Ctx) => Promise<T>) => withDeps(io, async (deps) => work({ ...deps, actor: await consoleActor(deps, as) }));

export function segmentsCommand(program: Command, io: CliIo): void {
  const segments = program.command('segments').description('saved segments: named, dynamic filters over customers (as the API /segments)');
  const asOption = ['--as <email>', 'act as this user: their access, their name on what is saved (default: the console)'] as const;

  segments
    .command('list')
    .description('every saved segment, by name')
    .option(...asOption)
    .option('--json', 'print { items } as JSON')
    .action(async (options: { as?: string; json?: boolean }) => {
      const items = await acting(io, options.as, async (ctx) => {
        const all = [];
        let cursor: string | undefined;
        do {
          const page = await listSegments(ctx, { limit: PAGE, cursor });
          all.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return all;
      });
      if (options.json) {
        printJson(io, { items });
        return;
      }
      for (const line of formatTable(headers(io, ['id', 'name', 'description']), items.map((s) => [s.id, s.name, s.description]))) print(io, line);
    });

  segments
    .command('show')
    .description('one segment, its filter and how many customers it holds now')
    .argument('<id>', 'segment id')
    .option(...asOption)
    .option('--json', 'print the segment with its member count as JSON')
    .action(async (id: string, options: { as?: string; json?: boolean }) => {
      const shown = await acting(io, options.as, async (ctx) => {
        const segment = await getSegment(ctx, segmentId(id));
        const { count } = await listSegmentMembers(ctx, segment.id, { limit: 1, count: true });
        return { ...segment, members: count ?? 0 };
      });
      if (options.json) {
        printJson(io, shown);
        return;
      }
      print(io, `#${shown.id} ${shown.name}${io.language === 'zh' ? '：' : ': '}${say(io, '{{n}} customers', { n: shown.members })}`);
      if (shown.description) print(io, shown.description);
      print(io, JSON.stringify(shown.filter, null, 2));
    });

  segments
    .command('create')
    .description('save a segment; the filter is checked as the API checks it (see the API docs for fields and operators)')
    .requiredOption('--name <name>', 'its name (unique)')
    .requiredOption('--filter <json|@file>', 'the filter: { "op": "and", "conditions": [{ "field", "operator", "value" }, …] }')
    .option('--description <text>', 'what it is for')
    .option(...asOption)
    .option('--json', 'print the saved segment as JSON')
    .action(async (options: { name: string; filter: string; description?: string; as?: string; json?: boolean }) => {
      const filter = await filterOf(options.filter);
      const segment = await acting(io, options.as, (ctx) => createSegment(ctx, { name: options.name, description: options.description ?? null, filter }));
      if (options.json) {
        printJson(io, segment);
        return;
      }
      print(io, say(io, 'saved segment #{{id}} {{name}}', { id: segment.id, name: segment.name }));
    });

  segments
    .command('members')
    .description('the customers a segment holds now (those you may see), by id')
    .argument('<id>', 'segment id')
    .option('--limit <n>', 'list at most this many (default: all)')
    .option(...asOption)
    .option('--json', 'print { count, items: [{ id, name, ownerId, city }] } as JSON')
    .action(async (id: string, options: { limit?: string; as?: string; json?: boolean }) => {
      const max = options.limit === undefined ? Number.MAX_SAFE_INTEGER : segmentId(options.limit);
      const result = await acting(io, options.as, async (ctx) => {
        const items = [];
        let cursor: string | undefined;
        let count = 0;
        do {
          const page = await listSegmentMembers(ctx, segmentId(id), { limit: Math.min(PAGE, max - items.length), cursor, count: cursor === undefined });
          if (cursor === undefined) count = page.count ?? 0;
          items.push(...page.items.map((c) => ({ id: c.id, name: c.name, ownerId: c.ownerId, city: c.city })));
          cursor = page.nextCursor ?? undefined;
        } while (cursor && items.length < max);
        return { count, items };
      });
      if (options.json) {
        printJson(io, result);
        return;
      }
      for (const line of formatTable(headers(io, ['id', 'name', 'city']), result.items.map((c) => [c.id, c.name, c.city]))) print(io, line);
      const counts = { n: result.count, listed: result.items.length };
      note(io, `kehu: ${result.items.length < result.count ? say(io, '{{n}} customers, {{listed}} listed', counts) : say(io, '{{n}} customers', counts)}`);
    });

  segments
    .command('export')
    .description('write a segment’s customers as CSV (UTF-8 with BOM), XLSX or vCard, as kehu export does')
    .argument('<id>', 'segment id')
    .option('--format <format>', 'csv, xlsx or vcard (default: from --out, else csv)')
    .option('--out <file>', 'write to this file (default: standard output)')
    .option('--as <email>', 'export only what this user may see (default: everything, as the console)')
    .option('--time-zone <zone>', 'with kehu --lang zh|en (a file for people, as kehu export writes it): the time zone of the times, e.g. Asia/Shanghai (default: KEHU_TIME_ZONE, else the workspace\'s analytics offset, UTC+8 unless set)')
    .action(async (id: string, options: { format?: string; out?: string; as?: string; timeZone?: string }) => {
      const format = chooseFormat(options);
      const language = languageOf(options, io.explicitLanguage);
      const rows = await withDeps(io, async (deps) => {
        const actor = options.as ? { ...(await consoleActor(deps, options.as)), canWrite: false } : await consoleActor(deps, undefined);
        const ctx = { ...deps, actor };
        await getSegment(ctx, segmentId(id));
        let total = 0;
        const file = await exportCustomers(ctx, { segmentId: segmentId(id), format, ...language }, { onProgress: (n) => (total = n) });
        await writeTo(io, file, options.out);
        return total;
      });
      note(io, `kehu: ${say(io, options.out ? 'exported {{n}} customers to {{file}}' : 'exported {{n}} customers', { n: rows, file: options.out ?? '' })}`);
    });
}
