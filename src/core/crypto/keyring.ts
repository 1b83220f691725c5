import { createHmac, hkdfSync } from 'node:crypto';

/** One AES-256 key; `retiredAt` is set once a rotation has moved every value off it. */
export interface StoredKey {
  id: string;
  key: string;
  createdAt: string;
  retiredAt?: string | null;
}

/** Every key that may still decrypt something; the newest is the one new values are written with. */
export interface Keyring {
  readonly current: { id: string; key: Buffer };
  keyFor(id: string): Buffer | undefined;
  /** Keyed HMAC over a normalised value, for exact lookup of encrypted values. */
  blindIndex(value: string): string;
  readonly stored: readonly StoredKey[];
}

/**
 * The blind-index key is derived from the FIRST key of the ring, not the current one, so a
 * rotation does not have to rewrite the index columns; it changes only if that key is removed.
 */
export function makeKeyring(stored: readonly StoredKey[]): Keyring {
  if (stored.length === 0) throw new Error('a keyring needs at least one key');
  const keys = new Map(stored.map((k) => [k.id, Buffer.from(k.key, 'base64')]));
  const newest = stored[stored.length - 1]!;
  const indexKey = Buffer.from(hkdfSync('sha256', keys.get(stored[0]!.id)!, Buffer.alloc(0), 'kehu blind index v1', 32));
  return {
    current: { id: newest.id, key: keys.get(newest.id)! },
    keyFor: (id) => keys.get(id),
    blindIndex: (value) => createHmac('sha256', indexKey).update(value, 'utf8').digest('hex'),
    stored,
  };
}
