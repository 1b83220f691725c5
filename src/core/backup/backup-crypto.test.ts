import { describe, expect, it } from 'vitest';
import { keysFor, newEncryption } from './backup-crypto.ts';

describe('a backup passphrase’s keys', () => {
  it('are derived off the server’s thread: the event loop turns while scrypt runs', async () => {
    let turned = false;
    setImmediate(() => (turned = true));
    const { encryption, keys } = await newEncryption({ passphrase: 'correct horse battery' });
    expect(turned).toBe(true);
    expect(encryption).toMatchObject({ kdf: 'scrypt', N: 2 ** 15 });

    turned = false;
    setImmediate(() => (turned = true));
    const again = await keysFor({ passphrase: 'correct horse battery' }, encryption);
    expect(turned).toBe(true);
    expect(again.cipher.equals(keys.cipher)).toBe(true);
    expect((await keysFor({ passphrase: 'wrong horse battery' }, encryption)).cipher.equals(keys.cipher)).toBe(false);
  });
});
