import { assertManagerOrAdmin } from '../access/writes.ts';
import type { Actor } from '../context.ts';

/**
 * Tags are one list for everybody. Any role that writes may create one (tagging a record with a
 * new name creates it too); renaming, recolouring, deleting or restoring one changes it on every
 * customer and contact that carries it, those the actor cannot see included: managers and admins.
 */
export function assertCanManageTags(actor: Actor): void {
  assertManagerOrAdmin(actor, 'rename, recolour, delete or restore a tag');
}
