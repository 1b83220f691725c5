import { mask, type SensitiveField } from '../../domain/sensitive.ts';
import { decrypt, encrypt } from './cipher.ts';
import type { Keyring } from './keyring.ts';

/** The stored form of the sensitive customer fields. */
export interface SensitiveColumns {
  id_number_enc: string | null;
  id_number_bidx: string | null;
  bank_account_enc: string | null;
}

export type SensitiveValues = Record<SensitiveField, string | null>;

/** Encrypts normalised values for storage; the ID number also gets its blind index. */
export const sealSensitive = (keyring: Keyring, values: SensitiveValues): SensitiveColumns => ({
  id_number_enc: values.idNumber === null ? null : encrypt(keyring, values.idNumber),
  id_number_bidx: values.idNumber === null ? null : keyring.blindIndex(values.idNumber),
  bank_account_enc: values.bankAccount === null ? null : encrypt(keyring, values.bankAccount),
});

export const openSensitive = (keyring: Keyring, row: Omit<SensitiveColumns, 'id_number_bidx'>): SensitiveValues => ({
  idNumber: row.id_number_enc === null ? null : decrypt(keyring, row.id_number_enc),
  bankAccount: row.bank_account_enc === null ? null : decrypt(keyring, row.bank_account_enc),
});

export const maskSensitive = (values: SensitiveValues): SensitiveValues => ({
  idNumber: values.idNumber === null ? null : mask(values.idNumber),
  bankAccount: values.bankAccount === null ? null : mask(values.bankAccount),
});
