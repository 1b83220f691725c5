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

/** A customer's sealed sensitive columns: what a before-image keeps so that a revert puts them back as they were. */
export const SEALED_COLUMNS = ['id_number_enc', 'id_number_bidx', 'bank_account_enc'] as const;
export type SealedColumns = Record<(typeof SEALED_COLUMNS)[number], string | null>;
export const sealedOf = (row: SealedColumns): SealedColumns => ({ id_number_enc: row.id_number_enc, id_number_bidx: row.id_number_bidx, bank_account_enc: row.bank_account_enc });
