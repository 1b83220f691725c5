import { codedField, type FieldError } from '../../domain/errors.ts';
import type { Deps } from '../context.ts';

/** A reference to a user (owner, assignee) must name an active user. */
export async function checkUserRef(deps: Deps, field: string, userId: number): Promise<FieldError[]> {
  const user = await deps.db.selectFrom('users').select(['id', 'disabled']).where('id', '=', userId).executeTakeFirst();
  if (!user) return [codedField(field, 'field.no_such', { entity: 'user', id: userId })];
  if (user.disabled) return [codedField(field, 'field.user_disabled', { id: userId })];
  return [];
}
