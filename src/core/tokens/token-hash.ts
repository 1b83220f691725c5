import { hash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'kehu_';

/** 256 random bits; only the SHA-256 is stored, so a stolen database yields no usable token. */
export function newToken(): { token: string; hash: string; prefix: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

// One-shot crypto.hash: the same SHA-256 as createHash without building a Hash object per request.
export const hashToken = (token: string): string => hash('sha256', token, 'hex');
