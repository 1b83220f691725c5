import type { ContactListFilter, ContactShape } from '../../domain/contact.ts';
import type { PageOf } from '../../domain/record.ts';
import { normaliseQuery } from '../../domain/search-text.ts';
import type { Ctx } from '../context.ts';
import { parseSort } from '../records/keyset.ts';
import { fetchPage } from '../records/paginate.ts';
import { matchesQuery } from '../search/match-query.ts';
import { contactsQuery, hydrateContacts } from './contacts.repository.ts';

const sortColumns = { createdAt: 'created_at', updatedAt: 'updated_at', name: 'name_pinyin' };

/** One page of the contacts the actor may see, filtered and sorted; never counts the table. */
export async function listContacts(ctx: Ctx, filter: ContactListFilter): Promise<PageOf<ContactShape>> {
  const sort = parseSort(filter.sort, sortColumns, '-createdAt');
  const query = filter.q === undefined ? null : normaliseQuery(filter.q);
  const base = contactsQuery(ctx)
    .selectAll('contacts')
    .where('contacts.deleted_at', filter.includeDeleted ? 'is not' : 'is', null)
    .$if(filter.customerId !== undefined, (q) => q.where('contacts.customer_id', '=', filter.customerId!))
    .$if(filter.createdFrom !== undefined, (q) => q.where('contacts.created_at', '>=', filter.createdFrom!))
    .$if(filter.createdTo !== undefined, (q) => q.where('contacts.created_at', '<', filter.createdTo!))
    .$if(filter.updatedFrom !== undefined, (q) => q.where('contacts.updated_at', '>=', filter.updatedFrom!))
    .$if(filter.updatedTo !== undefined, (q) => q.where('contacts.updated_at', '<', filter.updatedTo!))
    .$if(filter.tag !== undefined, (q) =>
      q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('contact_tags')
            .innerJoin('tags', 'tags.id', 'contact_tags.tag_id')
            .select('contact_tags.tag_id')
            .whereRef('contact_tags.contact_id', '=', 'contacts.id')
            .where('tags.name', '=', filter.tag!),
        ),
      ),
    )
    .$if(query !== null, (q) => q.where(matchesQuery(ctx.dialect, 'contacts', query!)));
  const page = await fetchPage(base, 'contacts', sort, filter);
  return { items: await hydrateContacts(ctx, page.rows), nextCursor: page.nextCursor };
}
