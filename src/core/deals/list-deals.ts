import { sql } from 'kysely';
import type { DealListFilter, DealShape } from '../../domain/deal.ts';
import { validationError, type FieldError } from '../../domain/errors.ts';
import { utcFields } from '../../domain/instant.ts';
import type { PageOf } from '../../domain/record.ts';
import type { Ctx } from '../context.ts';
import { parseSort } from '../records/keyset.ts';
import { fetchPage } from '../records/paginate.ts';
import { dealsQuery, toDeal } from './deals.repository.ts';

// Deals without an expected close date sort after every dated one (and keyset paging needs no NULLs).
const closeSortKey = sql<string>`coalesce(${sql.ref('deals.expected_close')}, ${sql.lit('9999-12-31')})`;
const sortColumns = { createdAt: 'created_at', amount: 'amount', expectedClose: 'close_sort' };

/** One page of the deals the actor may see, filtered and sorted. */
export async function listDeals(ctx: Ctx, filter: DealListFilter): Promise<PageOf<DealShape>> {
  const sort = parseSort(filter.sort, sortColumns, '-createdAt');
  const errors: FieldError[] = [];
  const f = utcFields(filter, ['createdFrom', 'createdTo'], errors);
  if (errors.length > 0) throw validationError(errors);
  const matching = dealsQuery(ctx, { withDeletedCustomers: f.includeDeleted === true })
    .selectAll('deals')
    .select(closeSortKey.as('close_sort'))
    .where('deals.deleted_at', f.includeDeleted ? 'is not' : 'is', null)
    .$if(f.customerId !== undefined, (q) => q.where('deals.customer_id', '=', f.customerId!))
    .$if(f.stageId !== undefined, (q) => q.where('deals.stage_id', '=', f.stageId!))
    .$if(f.status !== undefined, (q) => q.where('deals.status', '=', f.status!))
    .$if(f.owner !== undefined, (q) => q.where('deals.owner_id', '=', f.owner!))
    .$if(f.createdFrom !== undefined, (q) => q.where('deals.created_at', '>=', f.createdFrom!))
    .$if(f.createdTo !== undefined, (q) => q.where('deals.created_at', '<', f.createdTo!));
  const page = await fetchPage(ctx.db.selectFrom(matching.as('deal')).selectAll(), 'deal', sort, filter);
  return { items: page.rows.map((row) => toDeal(ctx, row)), nextCursor: page.nextCursor };
}
