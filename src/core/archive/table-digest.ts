import { createHash, type Hash } from 'node:crypto';
import type { TableDigest } from './archive-format.ts';

// An encrypted value is `v1:<keyId>:<16 base64 characters of IV>:…`, also when sealed inside JSON.
const ENCRYPTED_VALUE = /v1:([A-Za-z0-9_-]{1,64}):[A-Za-z0-9+/]{16}:/g;

/** Adds up a table's lines as they are written or read: count, sha256, key ids, the audit chain's head. */
export class TableDigester {
  readonly #hash: Hash = createHash('sha256');
  #rows = 0;

  constructor(private readonly keyIds: Set<string>) {}

  add(line: string): void {
    this.#hash.update(line);
    this.#hash.update('\n');
    this.#rows += 1;
    if (line.includes('v1:')) for (const match of line.matchAll(ENCRYPTED_VALUE)) this.keyIds.add(match[1] as string);
  }

  finish(): TableDigest {
    return { rows: this.#rows, sha256: this.#hash.digest('hex') };
  }
}
