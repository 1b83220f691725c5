import { AppError } from '../../domain/errors.ts';
import { decrypt } from './cipher.ts';
import type { EncryptedSample } from './encrypted-stores.ts';
import type { Keyring } from './keyring.ts';

const REMEDY = 'Set the KEHU_SECRET_KEY or restore the kehu.keys.json this database was written with (see README, Encryption at rest).';

/**
 * Refuses to start when encrypted data exists that the keyring cannot decrypt (a wrong
 * KEHU_SECRET_KEY, a lost or swapped key file), instead of failing on the first read.
 */
export function checkKeyring(keyring: Keyring, samples: readonly EncryptedSample[]): void {
  for (const sample of samples) {
    try {
      decrypt(keyring, sample.ciphertext);
    } catch (error) {
      throw new AppError('unavailable', { message: `the encryption key does not match the data: ${sample.where} cannot be decrypted (${(error as Error).message}). ${REMEDY}` });
    }
  }
}

/** The key file is gone but the database holds values only it could decrypt: a new key would lose them. */
export const missingKeyFile = (path: string, samples: readonly EncryptedSample[]) =>
  new AppError('unavailable', {
    message: `the encryption key file ${path} is missing, but the database holds encrypted values (${samples[0]?.where ?? 'some'}${samples.length > 1 ? ' and more' : ''}); kehu will not make a new key that cannot read them. ${REMEDY}`,
  });
