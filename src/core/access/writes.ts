import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../context.ts';

/** Read-only tokens and viewers may look but not change anything. */
export function assertCanWrite(actor: Actor): void {
  if (!actor.canWrite) throw new AppError('forbidden', { message: 'this token or role is read-only' });
}

export function assertAdmin(actor: Actor): void {
  assertCanWrite(actor);
  if (actor.role !== 'admin') throw new AppError('forbidden', { message: 'only an admin may do this' });
}
