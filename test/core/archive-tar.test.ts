import { expect, it } from 'vitest';
import { readTar, tarEnd, tarEntry } from '../../src/core/archive/tar.ts';

/** A tar stream followed by `trailing` bytes of zeros (what gunzip gives for a bomb of `head -c 10G /dev/zero`), counting what the reader pulls. */
function source(tar: Buffer, trailing: number) {
  const counter = { pulled: 0 };
  async function* chunks() {
    counter.pulled += tar.length;
    yield tar;
    for (let sent = 0; sent < trailing; sent += 1 << 16) {
      counter.pulled += 1 << 16;
      yield Buffer.alloc(1 << 16);
    }
  }
  return { chunks: chunks(), counter };
}

const names = async (files: AsyncIterable<{ name: string }>) => {
  const found: string[] = [];
  for await (const file of files) found.push(file.name);
  return found;
};

it('stops reading at the end marker: a gzip bomb of zeros after it (or instead of an archive) is never unpacked', async () => {
  const tar = Buffer.concat([...tarEntry('kehu-archive.json', Buffer.from('{}'), new Date(0)), tarEnd()]);
  const after = source(tar, 64 << 20);
  expect(await names(readTar(after.chunks, 1 << 20))).toEqual(['kehu-archive.json']);
  expect(after.counter.pulled).toBeLessThan(1 << 20);

  const only = source(Buffer.alloc(0), 64 << 20);
  expect(await names(readTar(only.chunks, 1 << 20))).toEqual([]);
  expect(only.counter.pulled).toBeLessThan(1 << 20);
});
