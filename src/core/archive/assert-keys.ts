import { codedError } from '../../domain/errors.ts';
import type { Deps } from '../context.ts';
import { decrypt } from '../crypto/cipher.ts';
import { encryptedSamples, type EncryptedSample } from '../crypto/encrypted-stores.ts';
import type { Keyring } from '../crypto/keyring.ts';

/** The key ids a keyring lacks of those the data was encrypted with. */
export const missingKeys = (keyring: Pick<Keyring, 'keyFor'>, keyIds: readonly string[]): string[] => keyIds.filter((id) => !keyring.keyFor(id));

/** Refuses data whose encrypted values this kehu could not read back. */
export function assertKeysPresent(keyring: Pick<Keyring, 'keyFor'>, keyIds: readonly string[]): void {
  const missing = missingKeys(keyring, keyIds);
  if (missing.length === 0) return;
  throw codedError('conflict', 'keys.missing', { keys: missing.join(', ') });
}

/**
 * The first encrypted value of the data this keyring cannot decrypt, or null. Every KEHU_SECRET_KEY
 * has the id "env", so a matching id does not prove the key: a sample of each store is decrypted.
 */
export async function unreadableSample(keyring: Pick<Keyring, 'keyFor'>, database: Pick<Deps, 'db' | 'dialect'>): Promise<EncryptedSample | null> {
  return firstUnreadable(keyring, await encryptedSamples(database));
}

/** The first of these samples this keyring cannot decrypt, or null (samples read elsewhere, e.g. in a worker). */
export function firstUnreadable(keyring: Pick<Keyring, 'keyFor'>, samples: EncryptedSample[]): EncryptedSample | null {
  for (const sample of samples) {
    try {
      decrypt(keyring, sample.ciphertext);
    } catch {
      return sample;
    }
  }
  return null;
}

/** Refuses data encrypted under another key than this kehu's, even when the key ids agree. */
export async function assertKeysDecrypt(keyring: Pick<Keyring, 'keyFor'>, database: Pick<Deps, 'db' | 'dialect'>): Promise<void> {
  const sample = await unreadableSample(keyring, database);
  if (!sample) return;
  throw codedError('conflict', 'keys.other_key', { where: sample.where });
}
