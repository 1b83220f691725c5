import { buildSearchColumns } from '../../domain/search-text.ts';
import { pointValues } from '../contact-points/contact-points.repository.ts';
import type { Ctx } from '../context.ts';

/** Contacts are found by their company's name too; keep that in step when the company is renamed. */
export async function refreshContactsOfCustomer(ctx: Ctx, customerId: number, customerName: string): Promise<void> {
  const contacts = await ctx.db
    .selectFrom('contacts')
    .select(['id', 'name', 'name_pinyin', 'name_initials'])
    .where('customer_id', '=', customerId)
    .execute();
  for (const contact of contacts) {
    const points = await ctx.db.selectFrom('contact_points').select(['kind', 'value']).where('contact_id', '=', contact.id).execute();
    const columns = buildSearchColumns({
      name: contact.name,
      pinyin: contact.name_pinyin,
      initials: contact.name_initials,
      ...pointValues(points),
      extra: [customerName],
    });
    await ctx.db.updateTable('contacts').set(columns).where('id', '=', contact.id).execute();
  }
}
