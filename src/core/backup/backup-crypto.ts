import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, scrypt, timingSafeEqual, type CipherGCM, type DecipherGCM, type ScryptOptions } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { codedError } from '../../domain/errors.ts';
import type { BackupEncryption, BackupManifest, BackupSecret } from './backup-format.ts';

// scrypt at 2^15 × 8 takes ~100 ms and 32 MiB: cheap for one backup, dear for someone guessing.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;

interface Keys {
  cipher: Buffer;
  mac: Buffer;
}

function keyFileBytes(path: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw codedError('validation', 'backup.key_file_unreadable', { path, reason: (error as Error).message });
  }
  if (bytes.length < 32) throw codedError('validation', 'backup.key_file_short', { path });
  return bytes;
}

/** scrypt in libuv's thread pool: ~100 ms that the server's thread would otherwise stand still for. */
const scryptAsync = (passphrase: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scrypt(passphrase, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));

async function deriveKeys(secret: BackupSecret, encryption: BackupEncryption): Promise<Keys> {
  const salt = Buffer.from(encryption.salt, 'base64');
  let bytes: Buffer;
  if (encryption.kdf === 'scrypt') {
    if (!('passphrase' in secret)) throw codedError('validation', 'backup.needs_passphrase');
    bytes = await scryptAsync(secret.passphrase.normalize('NFC'), salt, 64, { N: encryption.N, r: encryption.r, p: encryption.p, maxmem: 128 * encryption.N * encryption.r * 2 });
  } else {
    if (!('keyFile' in secret)) throw codedError('validation', 'backup.needs_key_file');
    bytes = Buffer.from(hkdfSync('sha256', keyFileBytes(secret.keyFile), salt, 'kehu backup v1', 64));
  }
  return { cipher: bytes.subarray(0, 32), mac: bytes.subarray(32) };
}

export async function newEncryption(secret: BackupSecret): Promise<{ encryption: BackupEncryption; keys: Keys }> {
  if ('passphrase' in secret && secret.passphrase.length < 8) throw codedError('validation', 'backup.passphrase_short');
  const common = { cipher: 'aes-256-gcm' as const, salt: randomBytes(16).toString('base64'), iv: randomBytes(12).toString('base64') };
  const encryption: BackupEncryption = 'passphrase' in secret ? { ...common, kdf: 'scrypt', ...SCRYPT } : { ...common, kdf: 'hkdf-key-file' };
  return { encryption, keys: await deriveKeys(secret, encryption) };
}

export const keysFor = deriveKeys;

export const cipherOf = (encryption: BackupEncryption, keys: Keys): CipherGCM => createCipheriv('aes-256-gcm', keys.cipher, Buffer.from(encryption.iv, 'base64'));

export function decipherOf(encryption: BackupEncryption, keys: Keys, tag: Buffer): DecipherGCM {
  const decipher = createDecipheriv('aes-256-gcm', keys.cipher, Buffer.from(encryption.iv, 'base64'));
  decipher.setAuthTag(tag);
  return decipher;
}

const macOf = (keys: Keys, manifest: Omit<BackupManifest, 'mac'>) => createHmac('sha256', keys.mac).update(JSON.stringify(manifest)).digest('hex');

export const sealManifest = (keys: Keys, manifest: Omit<BackupManifest, 'mac'>): BackupManifest => ({ ...manifest, mac: macOf(keys, manifest) });

/** True when the manifest is the one written with these keys (a wrong passphrase fails here first). */
export function manifestIsAuthentic(keys: Keys, manifest: BackupManifest): boolean {
  const { mac, ...rest } = manifest;
  if (typeof mac !== 'string') return false;
  const expected = Buffer.from(macOf(keys, rest), 'hex');
  const given = Buffer.from(mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
