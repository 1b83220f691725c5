import type { ContactShape } from '../../domain/contact.ts';
import { assertCanWrite } from '../access/writes.ts';
import type { Ctx } from '../context.ts';
import { restoreFromRecycleBin } from '../records/soft-delete.ts';
import { findContactRow, loadContact } from './contacts.repository.ts';

export async function restoreContact(ctx: Ctx, id: number): Promise<ContactShape> {
  assertCanWrite(ctx.actor);
  const row = await findContactRow(ctx, id, { includeDeleted: true });
  await restoreFromRecycleBin(ctx, { table: 'contacts', entity: 'contact', row });
  return loadContact(ctx, id);
}
