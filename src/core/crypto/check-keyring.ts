import { AppError } from '../../domain/errors.ts';
import type { Deps } from '../context.ts';
import { decrypt } from './cipher.ts';

/**
 * Refuses to start when encrypted data exists that the keyring cannot decrypt (a wrong
 * KEHU_SECRET_KEY, a lost or swapped key file), instead of failing on the first read.
 */
export async function checkKeyring(deps: Pick<Deps, 'db' | 'crypto'>): Promise<void> {
  const sample = await deps.db
    .selectFrom('customers')
    .select(['id', 'id_number_enc', 'bank_account_enc'])
    .where((eb) => eb.or([eb('id_number_enc', 'is not', null), eb('bank_account_enc', 'is not', null)]))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!sample) return;
  try {
    decrypt(deps.crypto, (sample.id_number_enc ?? sample.bank_account_enc)!);
  } catch (error) {
    throw new AppError('unavailable', {
      message: `the encryption key does not match the data: customer ${sample.id} cannot be decrypted (${(error as Error).message}). Set the KEHU_SECRET_KEY or restore the kehu.keys.json this database was written with.`,
    });
  }
}
