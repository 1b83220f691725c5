import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codedError } from '../../domain/errors.ts';
import { ensurePrivateDir, PRIVATE_FILE, tighten } from '../files/private-files.ts';
import { makeKeyring, type Keyring, type StoredKey } from './keyring.ts';

export const KEYRING_FILE = 'kehu.keys.json';

/** Reads `KEHU_SECRET_KEY`: 32 bytes as base64 or as 64 hex digits. */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  const canonical = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || /^[0-9a-fA-F]{64}$/.test(trimmed);
  if (!canonical || bytes.length !== 32) {
    throw codedError('validation', 'config.secret_key');
  }
  return bytes;
}

/** A keyring holding only the key from the environment; its id is stable so stored values find it again. */
export const keyringFromSecret = (key: Buffer, createdAt = '1970-01-01T00:00:00.000Z'): Keyring =>
  makeKeyring([{ id: 'env', key: key.toString('base64'), createdAt }]);

export const newStoredKey = (now: Date): StoredKey => ({
  id: `k${now.toISOString().replace(/\D/g, '').slice(0, 14)}${randomBytes(2).toString('hex')}`,
  key: randomBytes(32).toString('base64'),
  createdAt: now.toISOString(),
});

export function readKeyFile(path: string): StoredKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw codedError('validation', 'config.key_file_unreadable', { path, reason: (error as Error).message });
  }
  const valid = Array.isArray(parsed) && parsed.length > 0 && parsed.every(
    (k) => typeof k?.id === 'string' && typeof k?.key === 'string' && Buffer.from(k.key, 'base64').length === 32,
  );
  if (!valid) throw codedError('validation', 'config.key_file_damaged', { path });
  return parsed as StoredKey[];
}

/** Writes the keyring atomically with owner-only permissions. */
export function writeKeyFile(path: string, keys: readonly StoredKey[]): void {
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

/**
 * The keyring: from `KEHU_SECRET_KEY` when set, else from `kehu.keys.json` in the data dir,
 * created with one fresh key on first start. `refuseToCreate` says why a missing file must not
 * be made anew (the database already holds values under the lost key).
 */
export function loadKeyring(options: { secretKey: string | undefined; dataDir: string; now?: Date; refuseToCreate?: (path: string) => Error }): Keyring {
  if (options.secretKey !== undefined) return keyringFromSecret(parseSecretKey(options.secretKey));
  const path = join(options.dataDir, KEYRING_FILE);
  if (!existsSync(path)) {
    if (options.refuseToCreate) throw options.refuseToCreate(path);
    ensurePrivateDir(options.dataDir);
    // 'wx': of several processes starting together on an empty data dir, exactly one creates the key.
    try {
      writeFileSync(path, `${JSON.stringify([newStoredKey(options.now ?? new Date())], null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  tighten(path, PRIVATE_FILE);
  return reloadingKeyring(path);
}

/**
 * A keyring that re-reads its file when it meets an unknown key id, so a server keeps reading
 * while `kehu keys rotate` (another process) re-encrypts under a key it has not seen yet.
 */
export function reloadingKeyring(path: string): Keyring {
  let inner = makeKeyring(readKeyFile(path));
  return {
    get current() {
      return inner.current;
    },
    get stored() {
      return inner.stored;
    },
    blindIndex: (value) => inner.blindIndex(value),
    keyFor(id) {
      const key = inner.keyFor(id);
      if (key || !existsSync(path)) return key;
      inner = makeKeyring(readKeyFile(path));
      return inner.keyFor(id);
    },
  };
}
