import { reasonsIn } from '../../domain/duplicate-reasons.ts';
import type { DuplicatePairShape, DuplicateRecordSummaryShape } from '../../domain/duplicate.ts';
import type { Language } from '../../domain/messages.ts';
import { csvChunks } from '../files/write-csv.ts';
import type { Ctx } from '../context.ts';
import { listDuplicatePairs, type ListPairsInput } from './list-duplicate-pairs.ts';

export const PAIR_FILE_FORMATS = ['csv', 'json'] as const;
export type PairFileFormat = (typeof PAIR_FILE_FORMATS)[number];

const PAGE = 200;

/** Every stored pair the actor may see, best first, page by page: no cap. */
export async function* eachDuplicatePair(ctx: Ctx, input: Omit<ListPairsInput, 'limit' | 'cursor'>): AsyncGenerator<DuplicatePairShape> {
  let cursor: string | undefined;
  do {
    const page = await listDuplicatePairs(ctx, { ...input, limit: PAGE, cursor });
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}

const side = (prefix: 'a' | 'b') => ['id', 'name', 'kind', 'city', 'phones', 'emails'].map((c) => `${prefix}_${c}`);
const HEADERS = ['score', ...side('a'), ...side('b'), 'reasons', 'cluster_id', 'pair_id', 'status'];
const cells = (r: DuplicateRecordSummaryShape) => [String(r.id), r.name, r.kind, r.city ?? '', r.phones.join(' '), r.emails.join(' ')];

async function* csvRows(pairs: AsyncIterable<DuplicatePairShape>, language: Language): AsyncGenerator<string[]> {
  for await (const p of pairs) yield [p.score.toFixed(3), ...cells(p.a), ...cells(p.b), reasonsIn(p, language).join('; '), String(p.clusterId), String(p.id), p.status];
}

async function* jsonChunks(pairs: AsyncIterable<DuplicatePairShape>): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const pair of pairs) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(pair)}`;
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
}

/** Pairs as a file: CSV (UTF-8 with BOM, one pair a row, as Excel reads it, its reasons in `language`) or a JSON array of the API's pair objects. */
export function duplicatePairsFile(pairs: AsyncIterable<DuplicatePairShape>, format: PairFileFormat, language: Language = 'en'): AsyncIterable<string> {
  return format === 'csv' ? csvChunks(HEADERS, csvRows(pairs, language)) : jsonChunks(pairs);
}
