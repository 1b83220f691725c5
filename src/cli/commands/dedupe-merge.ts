import type { Deps } from '../../core/context.ts';
import { mergeAbove } from '../../core/dedupe/bulk-merge.ts';
import { CONSOLE_ACTOR } from '../../core/access/console-actor.ts';
import { codedField, validationError } from '../../domain/errors.ts';
import type { BulkMergeInput, BulkMergeResultShape } from '../../domain/merge.ts';
import { note, print, type CliIo } from '../io.ts';

/** `--merge-above`: a score from 0.5 to 1; lower would merge records that are merely alike. */
export function mergeScore(text: string): number {
  const score = Number(text);
  if (text.trim() === '' || !Number.isFinite(score) || score < 0.5 || score > 1) {
    throw validationError([codedField('--merge-above', 'cli.number_range', { min: 0.5, max: 1, value: text })]);
  }
  return score;
}

/** The bulk merge that may follow a scan, recorded as the console's. */
export async function mergeAfterScan(io: CliIo, deps: Deps, input: BulkMergeInput): Promise<BulkMergeResultShape> {
  note(io, `kehu: merging open pairs scoring at least ${input.minScore}…`);
  return mergeAbove({ ...deps, actor: CONSOLE_ACTOR }, input);
}

export function printMerge(io: CliIo, result: BulkMergeResultShape): void {
  print(io, `Merged ${result.merged} records into ${result.clusters} survivors${result.skipped > 0 ? ` (${result.skipped} skipped: changed meanwhile)` : ''}.`);
  if (result.mergeIds.length > 0) print(io, `Undo any of them with POST /api/v1/merges/{id}/undo (merge ids ${result.mergeIds[0]}–${result.mergeIds.at(-1)}).`);
}
