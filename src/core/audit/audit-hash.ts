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
}

/** sha256 of the previous hash and the entry's content: editing either breaks every later link. */
export function auditHash(prevHash: string, entry: HashedFields): string {
  const { at, actor_id, ip, action, entity, entity_id, changes } = entry;
  const content = canonicalJson({ at, actor_id, ip, action, entity, entity_id, changes });
  return createHash('sha256').update(prevHash).update(content).digest('hex');
}
