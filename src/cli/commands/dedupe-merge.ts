import type { Deps } from '../../core/context.ts';
import { mergeAbove } from '../../core/dedupe/bulk-merge.ts';
import { CONSOLE_ACTOR } from '../../core/access/console-actor.ts';
import { codedField, validationError } from '../../domain/errors.ts';
import type { BulkMergeInput, BulkMergeResultShape } from '../../domain/merge.ts';
import { say } from '../cli-words.ts';
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
  note(io, `kehu: ${say(io, 'merging open pairs scoring at least {{score}}…', { score: input.minScore })}`);
  return mergeAbove({ ...deps, actor: CONSOLE_ACTOR }, input);
}

export function printMerge(io: CliIo, result: BulkMergeResultShape): void {
  const params = { merged: result.merged, survivors: result.clusters, skipped: result.skipped };
  print(io, result.skipped > 0 ? say(io, 'Merged {{merged}} records into {{survivors}} survivors ({{skipped}} skipped: changed meanwhile).', params) : say(io, 'Merged {{merged}} records into {{survivors}} survivors.', params));
  if (result.mergeIds.length > 0) print(io, say(io, 'Undo any of them with kehu merges undo ID or POST /api/v1/merges/ID/undo (merge ids {{first}}–{{last}}).', { first: result.mergeIds[0] ?? '', last: result.mergeIds.at(-1) ?? '' }));
}
