import { validationError, type FieldError } from '../../domain/errors.ts';
import { utcFields } from '../../domain/instant.ts';
import type { InteractionListFilter, InteractionShape } from '../../domain/interaction.ts';
import type { PageOf } from '../../domain/record.ts';
import type { Ctx } from '../context.ts';
import { parseSort } from '../records/keyset.ts';
import { fetchPage } from '../records/paginate.ts';
import { interactionsQuery, toInteraction } from './interactions.repository.ts';

const sortColumns = { occurredAt: 'occurred_at', createdAt: 'created_at' };

/** One page of the interactions the actor may see, newest first unless `sort` says otherwise. */
export async function listInteractions(ctx: Ctx, input: InteractionListFilter): Promise<PageOf<InteractionShape>> {
  const sort = parseSort(input.sort, sortColumns, '-occurredAt');
  const errors: FieldError[] = [];
  const filter = utcFields(input, ['occurredFrom', 'occurredTo'], errors);
  if (errors.length > 0) throw validationError(errors);
  const base = interactionsQuery(ctx)
    .selectAll('interactions')
    .where('interactions.deleted_at', filter.includeDeleted ? 'is not' : 'is', null)
    .$if(filter.customerId !== undefined, (q) => q.where('interactions.customer_id', '=', filter.customerId!))
    .$if(filter.contactId !== undefined, (q) => q.where('interactions.contact_id', '=', filter.contactId!))
    .$if(filter.dealId !== undefined, (q) => q.where('interactions.deal_id', '=', filter.dealId!))
    .$if(filter.type !== undefined, (q) => q.where('interactions.type', '=', filter.type!))
    .$if(filter.occurredFrom !== undefined, (q) => q.where('interactions.occurred_at', '>=', filter.occurredFrom!))
    .$if(filter.occurredTo !== undefined, (q) => q.where('interactions.occurred_at', '<', filter.occurredTo!));
  const page = await fetchPage(base, 'interactions', sort, input);
  return { items: page.rows.map(toInteraction), nextCursor: page.nextCursor };
}
