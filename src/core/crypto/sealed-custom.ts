import { mask } from '../../domain/sensitive.ts';
import { decrypt, encrypt, keyIdOf } from './cipher.ts';
import type { Keyring } from './keyring.ts';

/**
 * A sensitive custom value as stored in a record's `custom` JSON: the ciphertext and the masked
 * form, so reads can show the mask without knowing which fields are sensitive.
 */
export interface SealedValue {
  $sealed: string;
  mask: string;
}

export const isSealed = (value: unknown): value is SealedValue =>
  typeof value === 'object' && value !== null && typeof (value as SealedValue).$sealed === 'string';

export const sealValue = (keyring: Keyring, value: string): SealedValue => ({ $sealed: encrypt(keyring, value), mask: mask(value) });

/** The custom values as every reader sees them: sealed values replaced by their mask. */
export function presentCustom(custom: Record<string, unknown>): Record<string, unknown> {
  let shown: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(custom)) {
    if (!isSealed(value)) continue;
    shown ??= { ...custom };
    shown[key] = value.mask;
  }
  return shown ?? custom;
}

/** Only the sealed values, decrypted: for the audited reveal. */
export function openSealedCustom(keyring: Keyring, custom: Record<string, unknown>): Record<string, string> {
  const open: Record<string, string> = {};
  for (const [key, value] of Object.entries(custom)) if (isSealed(value)) open[key] = decrypt(keyring, value.$sealed);
  return open;
}

/** Re-encrypts sealed values not under the keyring's current key; null when nothing changed. */
export function resealCustom(keyring: Keyring, custom: Record<string, unknown>, currentKeyId: string): Record<string, unknown> | null {
  let changed: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(custom)) {
    if (!isSealed(value) || keyIdOf(value.$sealed) === currentKeyId) continue;
    changed ??= { ...custom };
    changed[key] = { $sealed: encrypt(keyring, decrypt(keyring, value.$sealed)), mask: value.mask };
  }
  return changed;
}
