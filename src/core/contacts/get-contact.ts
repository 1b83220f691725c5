import type { ContactShape } from '../../domain/contact.ts';
import type { Ctx } from '../context.ts';
import { loadContact } from './contacts.repository.ts';

/** One contact the actor may see; 404 for one they may not (no existence leak). */
export const getContact = (ctx: Ctx, id: number): Promise<ContactShape> => loadContact(ctx, id);
