import { codedError } from '../../domain/errors.ts';
import { assertCanWrite } from '../access/writes.ts';
import type { Actor } from '../context.ts';

/**
 * Who may change or delete a segment: the user who saved it, and admins. Anyone who may write
 * may save a new one; everyone signed in may use any segment, seeing only their own customers in it.
 */
export function assertCanChangeSegment(actor: Actor, segment: { id: number; created_by: number | null }): void {
  assertCanWrite(actor);
  if (actor.role === 'admin' || (segment.created_by !== null && Number(segment.created_by) === actor.userId)) return;
  throw codedError('forbidden', 'segment.not_yours', { id: segment.id });
}
