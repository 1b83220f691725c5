import { storedReason, type DuplicateReason } from '../../domain/duplicate-reasons.ts';
import type { DuplicateEntity, DuplicatePairShape, DuplicateStatus } from '../../domain/duplicate.ts';
import { codedError } from '../../domain/errors.ts';
import type { PageOf } from '../../domain/record.ts';
import type { Ctx } from '../context.ts';
import { visiblePairs } from './duplicates.policy.ts';
import { contactSummaries, customerSummaries } from './duplicates.repository.ts';

export interface ListPairsInput {
  entity?: DuplicateEntity | undefined;
  status?: DuplicateStatus | undefined;
  minScore?: number | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

const invalidCursor = () =>
  codedError('validation', 'field.cursor', {}, { errors: [{ field: 'cursor', message: 'use the nextCursor value of a previous page unchanged', code: 'field.invalid' }] });

function decode(cursor: string): [score: number, id: number] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((n) => Number.isSafeInteger(n) && n >= 0)) return parsed as [number, number];
  throw invalidCursor();
}

const encode = (score: number, id: number) => Buffer.from(JSON.stringify([score, id])).toString('base64url');

/** Stored reasons as the API gives them: English text, and the codes where every reason has one (pairs of older scans have none). */
function readReasons(stored: unknown[]): { reasons: string[]; reasonCodes: DuplicateReason[] } {
  const read = stored.map(storedReason);
  const codes = read.flatMap((r) => (r.reason ? [r.reason] : []));
  return { reasons: read.map((r) => r.text), reasonCodes: codes.length === read.length ? codes : [] };
}

/**
 * Stored duplicate pairs, best first, in keyset pages; only pairs whose two records the actor
 * may both see, so a rep never learns of another rep's customer through a pair.
 */
export async function listDuplicatePairs(ctx: Ctx, input: ListPairsInput): Promise<PageOf<DuplicatePairShape>> {
  const entity = input.entity ?? 'customers';
  const limit = input.limit ?? 50;
  const after = input.cursor ? decode(input.cursor) : null;
  const rows = await ctx.db
    .selectFrom('duplicate_pairs')
    .select(['id', 'entity', 'a_id', 'b_id', 'score', 'reasons', 'cluster_id', 'status', 'found_at'])
    .where('entity', '=', entity)
    .where('status', '=', input.status ?? 'open')
    .$if(input.minScore !== undefined, (q) => q.where('score', '>=', Math.round(input.minScore! * 1000)))
    .$if(after !== null, (q) => q.where((eb) => eb.or([eb('score', '<', after![0]), eb.and([eb('score', '=', after![0]), eb('id', '<', after![1])])])))
    .where(visiblePairs(ctx.actor, entity))
    .orderBy('score', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const ids = [...new Set(page.flatMap((r) => [Number(r.a_id), Number(r.b_id)]))];
  const summaries = entity === 'customers' ? await customerSummaries(ctx.db, ids) : await contactSummaries(ctx.db, ids);
  const items = page.flatMap((r) => {
    const a = summaries.get(Number(r.a_id));
    const b = summaries.get(Number(r.b_id));
    if (!a || !b) return [];
    return [{
      id: Number(r.id),
      entity: r.entity,
      clusterId: Number(r.cluster_id),
      a,
      b,
      score: r.score / 1000,
      ...readReasons(ctx.dialect.parseJson<unknown[]>(r.reasons)),
      status: r.status,
      foundAt: r.found_at,
    }];
  });
  const last = page.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encode(last.score, Number(last.id)) : null };
}
