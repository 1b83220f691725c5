import { AppError } from '../../domain/errors.ts';
import type { Keyring } from '../crypto/keyring.ts';

/** The key ids a keyring lacks of those the data was encrypted with. */
export const missingKeys = (keyring: Pick<Keyring, 'keyFor'>, keyIds: readonly string[]): string[] => keyIds.filter((id) => !keyring.keyFor(id));

/** Refuses data whose encrypted values this kehu could not read back. */
export function assertKeysPresent(keyring: Pick<Keyring, 'keyFor'>, keyIds: readonly string[]): void {
  const missing = missingKeys(keyring, keyIds);
  if (missing.length === 0) return;
  throw new AppError('conflict', {
    message: `the data was encrypted with key ${missing.join(', ')}, which this kehu does not have: put the kehu.keys.json the data was written with into the data dir (or set the KEHU_SECRET_KEY it used) and try again`,
  });
}
