import type { DedupeRecord } from '../../domain/duplicate-score.ts';
import { DEFAULT_MIN_SCORE, type DuplicateEntity } from '../../domain/duplicate.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { assertCanScan } from './duplicates.policy.ts';
import { replaceOpenPairs } from './duplicates.repository.ts';
import { findPairs } from './find-pairs.ts';
import { readAllRecords } from './read-records.ts';

export interface ScanProgress {
  phase: string;
  /** records read, or pairs compared once reading is done */
  done: number;
  found: number;
}

export interface ScanOptions {
  entity: DuplicateEntity;
  /** 0..1; pairs scoring lower are not stored (default DEFAULT_MIN_SCORE) */
  minScore?: number | undefined;
  onProgress?: ((progress: ScanProgress) => void) | undefined;
}

export interface ScanResult {
  entity: DuplicateEntity;
  pairs: number;
  clusters: number;
  records: number;
  tookMs: number;
}

/**
 * Scans every live customer (or contact) for likely duplicates and stores the pairs, replacing
 * the open pairs of an earlier scan; "not a duplicate" and merged decisions are kept. Reads only
 * the compared columns, page by page. Admins and managers only.
 */
export async function scanDuplicates(ctx: Ctx, options: ScanOptions): Promise<ScanResult> {
  assertCanScan(ctx.actor);
  const started = performance.now();
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  const records: DedupeRecord[] = [];
  for await (const page of readAllRecords(ctx.db, options.entity)) {
    for (const record of page) records.push(record);
    options.onProgress?.({ phase: 'reading', done: records.length, found: 0 });
  }
  const found = findPairs(records, {
    minScore,
    onProgress: (p) => options.onProgress?.({ phase: `comparing: ${p.phase}`, done: p.compared, found: p.found }),
  });
  const count = records.length;
  records.length = 0;
  options.onProgress?.({ phase: 'saving', done: found.length, found: found.length });
  const stored = await inTransaction(ctx, (tx) => replaceOpenPairs(tx.db, options.entity, found, nowIso(ctx)));
  return { entity: options.entity, ...stored, records: count, tookMs: Math.round(performance.now() - started) };
}
