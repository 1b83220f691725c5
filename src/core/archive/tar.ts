import { damaged } from './damaged.ts';

// POSIX ustar, the part every tar reads: regular files with names up to 100 bytes, sizes up to 8 GiB.
const BLOCK = 512;
const END = Buffer.alloc(BLOCK * 2);

const octal = (value: number, width: number) => `${value.toString(8).padStart(width - 1, '0')}\0`;

/** One file's header block, followed by its bytes and padding to a whole block. */
export function tarEntry(name: string, data: Buffer, mtime: Date): Buffer[] {
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100) throw new Error(`tar entry name too long: ${name}`);
  const header = Buffer.alloc(BLOCK);
  nameBytes.copy(header, 0);
  header.write(octal(0o644, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(data.length, 12), 124, 'ascii');
  header.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  header.write('        ', 148, 'ascii');
  header.write('0', 156, 'ascii');
  header.write('ustar\u000000', 257, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  const padding = (BLOCK - (data.length % BLOCK)) % BLOCK;
  return [header, data, Buffer.alloc(padding)];
}

/** The two empty blocks that end an archive. */
export const tarEnd = (): Buffer => END;

export interface TarFile {
  name: string;
  data: Buffer;
}

function parseHeader(block: Buffer): { name: string; size: number; type: string } | null {
  if (block.every((b) => b === 0)) return null;
  const field = (start: number, length: number) => block.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (block[i] as number);
  const stored = Number.parseInt(field(148, 8).trim(), 8);
  if (stored !== sum) throw damaged('tar_checksum');
  const size = Number.parseInt(field(124, 12).trim() || '0', 8);
  if (!Number.isFinite(size) || size < 0) throw damaged('tar_size');
  const prefix = field(345, 155);
  const name = field(0, 100);
  return { name: prefix ? `${prefix}/${name}` : name, size, type: field(156, 1) || '0' };
}

/**
 * Reads the regular files of a tar stream one at a time, each whole in memory: kehu's archives
 * keep every file small (tables come in parts), and a larger one is refused, not buffered.
 */
export async function* readTar(chunks: AsyncIterable<Buffer | string> | Iterable<Buffer>, maxFileBytes: number): AsyncGenerator<TarFile> {
  let buffered: Buffer[] = [];
  let length = 0;
  const take = (n: number): Buffer => {
    const all = buffered.length === 1 ? (buffered[0] as Buffer) : Buffer.concat(buffered, length);
    buffered = n < all.length ? [all.subarray(n)] : [];
    length -= n;
    return all.subarray(0, n);
  };
  let pending: { name: string; size: number; type: string; skip: number } | null = null;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    buffered.push(bytes);
    length += bytes.length;
    for (;;) {
      if (!pending) {
        if (length < BLOCK) break;
        const header = parseHeader(take(BLOCK));
        // The end marker: what follows (padding, or gigabytes of zeros from a gzip bomb) is never unpacked.
        if (!header) return;
        if (header.size > maxFileBytes) throw damaged('too_large', { file: header.name, bytes: maxFileBytes });
        pending = { ...header, skip: (BLOCK - (header.size % BLOCK)) % BLOCK };
      }
      if (length < pending.size + pending.skip) break;
      const data = Buffer.from(take(pending.size));
      take(pending.skip);
      const file = pending;
      pending = null;
      if (file.type === '0' || file.type === '\0') yield { name: file.name, data };
    }
  }
  if (pending) throw damaged('cut_inside', { file: pending.name });
  throw damaged('no_end');
}
