import { createHash } from 'node:crypto';
import { canonicalJson } from '../../domain/audit.ts';

/** The prev_hash of the first entry: the chain starts from nothing. */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
  at: string;
  actor_id: number | null;
  ip: string | null;
  action: string;
  entity: string;
  entity_id: number | null;
  changes: unknown;
  origin?: string | null;
}

/**
 * sha256 of the previous hash and the entry's content: editing either breaks every later link.
 * `origin` is part of the content only when set, so entries written before it existed still verify.
 */
export function auditHash(prevHash: string, entry: HashedFields): string {
  const { at, actor_id, ip, action, entity, entity_id, changes } = entry;
  const origin = entry.origin ?? undefined;
  const content = canonicalJson({ at, actor_id, ip, action, entity, entity_id, changes, origin });
  return createHash('sha256').update(prevHash).update(content).digest('hex');
}
