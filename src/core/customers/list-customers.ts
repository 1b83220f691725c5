import type { ExpressionBuilder } from 'kysely';
import type { CustomerListFilter, CustomerShape } from '../../domain/customer.ts';
import { validationError, type FieldError } from '../../domain/errors.ts';
import { utcFields } from '../../domain/instant.ts';
import type { PageOf } from '../../domain/record.ts';
import { normaliseQuery } from '../../domain/search-text.ts';
import type { Ctx } from '../context.ts';
import type { Schema } from '../db/schema.ts';
import { parseSort } from '../records/keyset.ts';
import { fetchPage } from '../records/paginate.ts';
import { normaliseIdNumber } from '../../domain/sensitive.ts';
import { matchesQuery } from '../search/match-query.ts';
import { segmentCondition } from '../segments/segment-condition.ts';
import { customerRecordsQuery, toCustomer } from './customers.repository.ts';

/** A live interaction of the row's customer on the given side of `at` (interactions_customer_idx). */
const hasInteraction =
  (op: '>=' | '<', at: string) =>
  ({ exists, selectFrom }: ExpressionBuilder<Schema, 'customers'>) =>
    exists(
      selectFrom('interactions')
        .select('interactions.id')
        .whereRef('interactions.customer_id', '=', 'customers.id')
        .where('interactions.occurred_at', op, at)
        .where('interactions.deleted_at', 'is', null),
    );

const sortColumns = { createdAt: 'created_at', updatedAt: 'updated_at', name: 'name_pinyin' };

/** One page of the customers the actor may see, filtered and sorted; never counts the table. */
export async function listCustomers(ctx: Ctx, input: CustomerListFilter): Promise<PageOf<CustomerShape>> {
  const errors: FieldError[] = [];
  const filter = utcFields(input, ['createdFrom', 'createdTo', 'updatedFrom', 'updatedTo', 'lastContactFrom', 'lastContactTo'], errors);
  if (errors.length > 0) throw validationError(errors);
  const sort = parseSort(filter.sort, sortColumns, '-createdAt');
  const query = filter.q === undefined ? null : normaliseQuery(filter.q);
  const idNumber = filter.idNumber === undefined ? undefined : normaliseIdNumber(filter.idNumber);
  if (idNumber && 'error' in idNumber) throw validationError([{ field: 'idNumber', message: idNumber.error, code: idNumber.code }]);
  const segment = filter.segmentId === undefined ? null : await segmentCondition(ctx, filter.segmentId, errors);
  if (errors.length > 0) throw validationError(errors);
  const base = customerRecordsQuery(ctx)
    .where('customers.deleted_at', filter.includeDeleted ? 'is not' : 'is', null)
    .$if(filter.owner !== undefined, (q) => q.where('customers.owner_id', '=', filter.owner as number))
    .$if(filter.stage !== undefined, (q) => q.where('customers.stage', '=', filter.stage!))
    .$if(filter.level !== undefined, (q) => q.where('customers.level', '=', filter.level!))
    .$if(filter.kind !== undefined, (q) => q.where('customers.kind', '=', filter.kind!))
    .$if(filter.city !== undefined, (q) => q.where('customers.city', '=', filter.city!))
    .$if(idNumber !== undefined, (q) => q.where('customers.id_number_bidx', '=', ctx.crypto.blindIndex((idNumber as { value: string }).value)))
    .$if(filter.createdFrom !== undefined, (q) => q.where('customers.created_at', '>=', filter.createdFrom!))
    .$if(filter.createdTo !== undefined, (q) => q.where('customers.created_at', '<', filter.createdTo!))
    .$if(filter.updatedFrom !== undefined, (q) => q.where('customers.updated_at', '>=', filter.updatedFrom!))
    .$if(filter.updatedTo !== undefined, (q) => q.where('customers.updated_at', '<', filter.updatedTo!))
    .$if(filter.lastContactFrom !== undefined, (q) => q.where(hasInteraction('>=', filter.lastContactFrom!)))
    // last contact before `to`: some interaction before it and none at or after it
    .$if(filter.lastContactTo !== undefined, (q) => q.where(hasInteraction('<', filter.lastContactTo!)).where((eb) => eb.not(hasInteraction('>=', filter.lastContactTo!)(eb))))
    .$if(filter.tag !== undefined, (q) =>
      q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('customer_tags')
            .innerJoin('tags', 'tags.id', 'customer_tags.tag_id')
            .select('customer_tags.tag_id')
            .whereRef('customer_tags.customer_id', '=', 'customers.id')
            .where('tags.name', '=', filter.tag!)
            .where('tags.deleted_at', 'is', null),
        ),
      ),
    )
    .$if(segment !== null, (q) => q.where(segment!))
    .$if(query !== null, (q) => q.where(matchesQuery(ctx.dialect, 'customers', query!)));
  const page = await fetchPage(base, 'customers', sort, filter);
  return { items: page.rows.map((row) => toCustomer(ctx, row)), nextCursor: page.nextCursor };
}
