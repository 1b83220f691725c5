import { mkdtempSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { BUSY_FLUSH_MS, restAfterFlush, writeBehind } from './write-behind.ts';

describe('write-behind', () => {
  it('rests after a slow flush as long as it took (at most a second), and not at all while the disk keeps up', () => {
    expect(restAfterFlush(1)).toBe(0);
    expect(restAfterFlush(BUSY_FLUSH_MS)).toBe(0);
    expect(restAfterFlush(40)).toBe(40);
    expect(restAfterFlush(5000)).toBe(1000);
  });

  it('passes every byte on, in order, flushing the file as it goes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kehu-write-behind-'));
    try {
      const path = join(dir, 'out.bin');
      const fd = openSync(path, 'w');
      const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(64 * 1024, i));
      await pipeline(Readable.from(chunks), writeBehind(() => fd, 256 * 1024), new Writable({
        write(chunk: Buffer, _encoding, done) {
          writeSync(fd, chunk);
          done();
        },
      }));
      closeSync(fd);
      expect(readFileSync(path).equals(Buffer.concat(chunks))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
