import type { FieldError } from '../../domain/errors.ts';
import { checkSensitive } from '../../domain/sensitive.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { encrypt } from '../crypto/cipher.ts';

interface SensitiveDraft {
  idNumber?: string | null;
  bankAccount?: string | null;
}

/**
 * Validates and encrypts the sensitive fields a write sets; a field left out (undefined)
 * leaves its columns untouched, null clears them.
 */
export function prepareSensitive(keyring: Keyring, draft: SensitiveDraft, errors: FieldError[]) {
  const idNumber = checkSensitive('idNumber', draft.idNumber, errors);
  const bankAccount = checkSensitive('bankAccount', draft.bankAccount, errors);
  return {
    ...(idNumber === undefined
      ? {}
      : {
          id_number_enc: idNumber === null ? null : encrypt(keyring, idNumber),
          id_number_bidx: idNumber === null ? null : keyring.blindIndex(idNumber),
        }),
    ...(bankAccount === undefined ? {} : { bank_account_enc: bankAccount === null ? null : encrypt(keyring, bankAccount) }),
  };
}
