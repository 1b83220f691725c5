import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import type { Keyring } from './keyring.ts';

const VERSION = 'v1';

/** AES-256-GCM with a random 96-bit IV: `v1:<keyId>:<base64 iv>:<base64 ciphertext+tag>`. */
export function encrypt(keyring: Keyring, value: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyring.current.key, iv);
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, keyring.current.id, iv.toString('base64'), body.toString('base64')].join(':');
}

const cannotDecrypt = (why: string) =>
  new AppError('internal', { message: `an encrypted field cannot be decrypted: ${why}` });

/** Decrypts a value written by `encrypt`; never returns garbage: a wrong key or altered bytes throw. */
export function decrypt(keyring: Pick<Keyring, 'keyFor'>, stored: string): string {
  const [version, keyId = '', ivText = '', bodyText = '', ...rest] = stored.split(':');
  if (version !== VERSION || rest.length > 0) throw cannotDecrypt('unknown format');
  const key = keyring.keyFor(keyId);
  if (!key) throw cannotDecrypt(`key "${keyId}" is not in the keyring (wrong KEHU_SECRET_KEY or key file?)`);
  const iv = Buffer.from(ivText, 'base64');
  const body = Buffer.from(bodyText, 'base64');
  if (iv.length !== 12 || body.length < 16) throw cannotDecrypt('truncated value');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    throw cannotDecrypt(`authentication failed under key "${keyId}" (the value was altered or the key is wrong)`);
  }
}

/** The key id a stored value was encrypted with. */
export const keyIdOf = (stored: string): string => stored.split(':')[1] ?? '';
