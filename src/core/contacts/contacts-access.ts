import type { ContactAccessListShape } from '../../domain/contact.ts';
import { recordAccess } from '../access/writable-ids.ts';
import type { Ctx } from '../context.ts';

/** What the actor may do with each of a page of contacts, by the write loaders' rule, in one query. */
export async function contactsAccess(ctx: Ctx, ids: number[]): Promise<ContactAccessListShape> {
  const access = await recordAccess(ctx, 'contact', ids);
  return { items: [...new Set(ids)].flatMap((id) => {
    const level = access.get(id);
    return level ? [{ id, access: level }] : [];
  }) };
}
