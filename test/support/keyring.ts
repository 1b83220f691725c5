import { keyringFromSecret, parseSecretKey } from '../../src/core/crypto/load-keyring.ts';

/** A fixed KEHU_SECRET_KEY for tests, so every deps and CLI run of a test reads the same data. */
export const TEST_SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

export const testKeyring = keyringFromSecret(parseSecretKey(TEST_SECRET_KEY));
