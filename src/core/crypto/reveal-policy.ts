import type { Actor } from '../context.ts';

/**
 * Who may see sensitive fields in clear. Admins only for now; the field-level role rules of
 * the access policy will widen this in one place.
 */
export const canRevealSensitive = (actor: Pick<Actor, 'role'>): boolean => actor.role === 'admin';
