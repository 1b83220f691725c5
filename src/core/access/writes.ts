import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../context.ts';

/** Read-only tokens and viewers may look but not change anything. */
export function assertCanWrite(actor: Actor): void {
  if (!actor.canWrite) throw new AppError('forbidden', { message: 'this token or role is read-only', messageCode: 'access.read_only' });
}

export function assertAdmin(actor: Actor): void {
  assertCanWrite(actor);
  if (actor.role !== 'admin') throw new AppError('forbidden', { message: 'only an admin may do this', messageCode: 'access.admin_only' });
}

/** Changes that reach records of every rep (a global tag, say): managers and admins. */
export function assertManagerOrAdmin(actor: Actor, what: string): void {
  assertCanWrite(actor);
  if (actor.role !== 'admin' && actor.role !== 'manager') throw new AppError('forbidden', { message: `only a manager or an admin may ${what}`, messageCode: 'access.manager_only' });
}
