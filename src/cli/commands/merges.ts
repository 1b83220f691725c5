import type { Command } from 'commander';
import { CONSOLE_ACTOR } from '../../core/access/console-actor.ts';
import { listMerges } from '../../core/dedupe/merge-list.ts';
import { undoMerge } from '../../core/dedupe/undo-merge.ts';
import { codedField, validationError } from '../../domain/errors.ts';
import type { MergeShape } from '../../domain/merge.ts';
import { headers, say } from '../cli-words.ts';
import { print, printJson, type CliIo } from '../io.ts';
import { formatTable } from '../table.ts';
import { withDeps } from '../with-deps.ts';

function positiveId(text: string, field: string): number {
  const id = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw validationError([codedField(field, 'cli.not_a_record_id', { value: text })]);
  return id;
}

const row = (io: CliIo, m: MergeShape) => [m.id, say(io, m.entity === 'customers' ? 'customers' : 'contacts'), m.survivorId, m.mergedId, m.createdAt, m.undoneAt ?? ''];

export function mergesCommand(program: Command, io: CliIo): void {
  const merges = program.command('merges').description('list and undo merges of duplicate customers and contacts');
  merges
    .command('list')
    .description('merges, newest first')
    .option('--record <id>', 'only the merges of this customer or contact (survivor or merged)')
    .option('--limit <n>', 'how many (default 50, at most 200)')
    .option('--json', 'print { items, nextCursor } as JSON')
    .action(async (options: { record?: string; limit?: string; json?: boolean }) => {
      const recordId = options.record === undefined ? undefined : positiveId(options.record, '--record');
      const limit = options.limit === undefined ? 50 : Math.min(200, positiveId(options.limit, '--limit'));
      const page = await withDeps(io, async (deps) =>
        listMerges({ ...deps, actor: CONSOLE_ACTOR }, { limit, ...(recordId ? { recordId } : {}) }),
      );
      if (options.json) {
        printJson(io, page);
        return;
      }
      for (const line of formatTable(headers(io, ['id', 'entity', 'survivor', 'merged', 'merged at', 'undone at']), page.items.map((m) => row(io, m)))) print(io, line);
    });
  merges
    .command('undo <id>')
    .description('undo a merge exactly: both records and their rows back as they were (exit 5 if the survivor changed since)')
    .option('--force', 'undo even though the survivor was changed after the merge (those changes are lost)')
    .option('--json', 'print the merge as JSON')
    .action(async (text: string, options: { force?: boolean; json?: boolean }) => {
      const id = positiveId(text, 'id');
      const merge = await withDeps(io, async (deps) => undoMerge({ ...deps, actor: CONSOLE_ACTOR }, id, { force: options.force === true }));
      if (options.json) printJson(io, merge);
      else print(io, say(io, 'Merge {{id}} undone: {{entity}} {{survivor}} and {{merged}} are back as they were.', { id: merge.id, entity: say(io, merge.entity === 'customers' ? 'customers' : 'contacts'), survivor: merge.survivorId, merged: merge.mergedId }));
    });
}
