import { codedError } from '../../domain/errors.ts';
import { decrypt } from './cipher.ts';
import type { EncryptedSample } from './encrypted-stores.ts';
import type { Keyring } from './keyring.ts';


/**
 * Refuses to start when encrypted data exists that the keyring cannot decrypt (a wrong
 * KEHU_SECRET_KEY, a lost or swapped key file), instead of failing on the first read.
 */
export function checkKeyring(keyring: Keyring, samples: readonly EncryptedSample[]): void {
  for (const sample of samples) {
    try {
      decrypt(keyring, sample.ciphertext);
    } catch (error) {
      throw codedError('unavailable', 'keys.wrong_key', { where: sample.where, reason: (error as Error).message });
    }
  }
}

/** The key file is gone but the database holds values only it could decrypt: a new key would lose them. */
export const missingKeyFile = (path: string, samples: readonly EncryptedSample[]) =>
  codedError('unavailable', 'keys.file_missing', { path, where: `${samples[0]?.where ?? 'some'}${samples.length > 1 ? ' …' : ''}` });
