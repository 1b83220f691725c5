import { describe, expect, it } from 'vitest';
import { decrypt, encrypt } from './cipher.ts';
import { makeKeyring } from './keyring.ts';
import { keyringFromSecret, parseSecretKey } from './load-keyring.ts';

const ring = keyringFromSecret(Buffer.alloc(32, 1));

describe('cipher', () => {
  it('round-trips with a fresh IV each time', () => {
    const a = encrypt(ring, '张三 6222');
    expect(a).toMatch(/^v1:env:/);
    expect(encrypt(ring, '张三 6222')).not.toBe(a);
    expect(decrypt(ring, a)).toBe('张三 6222');
  });

  it('names an unknown key id instead of returning garbage', () => {
    const other = makeKeyring([{ id: 'k2', key: Buffer.alloc(32, 2).toString('base64'), createdAt: '' }]);
    expect(() => decrypt(other, encrypt(ring, 'x'))).toThrow(/key "env" is not in the keyring/);
  });

  it('reads KEHU_SECRET_KEY as base64 or hex and rejects anything else', () => {
    expect(parseSecretKey('07'.repeat(32))).toEqual(Buffer.alloc(32, 7));
    expect(parseSecretKey(Buffer.alloc(32, 7).toString('base64'))).toEqual(Buffer.alloc(32, 7));
    expect(() => parseSecretKey(Buffer.alloc(16).toString('base64'))).toThrow(/32 random bytes/);
  });

  it('keeps the blind index stable across a rotation', () => {
    const first = { id: 'k1', key: Buffer.alloc(32, 3).toString('base64'), createdAt: '' };
    const second = { id: 'k2', key: Buffer.alloc(32, 4).toString('base64'), createdAt: '' };
    expect(makeKeyring([first, second]).blindIndex('E123')).toBe(makeKeyring([first]).blindIndex('E123'));
    expect(makeKeyring([second]).blindIndex('E123')).not.toBe(makeKeyring([first]).blindIndex('E123'));
  });
});
