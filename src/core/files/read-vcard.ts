import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import { validationError } from '../../domain/errors.ts';
import { parseVcard, splitVcards, type DecodeBytes } from '../../domain/vcard.ts';
import { VCARD_HEADERS, vcardRow } from '../../domain/vcard-row.ts';
import { detectEncoding, isUtf8 } from './detect-encoding.ts';
import { readHead, type OpenedTable, type TableRow, type TableSource } from './open-table.ts';

const CHUNK_BYTES = 256 * 1024;
// eslint-disable-next-line no-control-regex -- plain 7-bit text needs no decoding
const ASCII = /^[\x00-\x7f]*$/;
const END_LINE = /^[ \t]*END[ \t]*:[ \t]*VCARD[ \t]*$/gim;

/**
 * Streams the cards of a vCard file as rows of VCARD_HEADERS. Values without a CHARSET are read
 * in the file's detected encoding (or the override); each card is parsed on its own.
 */
export async function readVcard(source: TableSource): Promise<OpenedTable> {
  const sample = await readHead(source.path, 64 * 1024);
  const fileEncoding = source.encoding ? checkedEncoding(source.encoding) : detectEncoding(sample.bytes, sample.isComplete).encoding;
  const isUtf16 = fileEncoding.startsWith('utf-16');
  const defaultCharset = isUtf16 ? 'utf-8' : fileEncoding;
  if (!/BEGIN[ \t]*:[ \t]*VCARD/i.test(isUtf16 ? iconv.decode(sample.bytes, fileEncoding) : sample.bytes.toString('latin1'))) {
    throw validationError([{ field: 'file', message: 'not a vCard file: no BEGIN:VCARD' }]);
  }
  const decode = decoderFor(defaultCharset);

  async function* rows(): AsyncGenerator<TableRow> {
    let index = 0;
    for await (const binary of binaryCards(source.path, isUtf16 ? fileEncoding : null)) {
      const card = parseVcard(binary, { decode, defaultCharset });
      index++;
      yield { row: index, values: vcardRow(card) };
    }
  }

  return {
    meta: { format: 'vcard', encoding: fileEncoding, delimiter: null, sheet: null, sheets: [], headers: [...VCARD_HEADERS] },
    rows: rows(),
  };
}

function checkedEncoding(name: string): string {
  const encoding = name.trim().toLowerCase();
  if (!iconv.encodingExists(encoding)) throw validationError([{ field: 'encoding', message: `unknown encoding "${name}"` }]);
  return encoding === 'utf8' ? 'utf-8' : encoding;
}

/** iconv-lite for any CHARSET; UTF-8 that is not UTF-8 falls back to the file's encoding, then GB18030. */
function decoderFor(defaultCharset: string): DecodeBytes {
  return (binary, charset) => {
    if (ASCII.test(binary)) return binary;
    const bytes = Buffer.from(binary, 'latin1');
    let name = iconv.encodingExists(charset) ? charset : defaultCharset;
    if ((name === 'utf-8' || name === 'utf8') && !isUtf8(bytes, true)) name = defaultCharset.startsWith('utf') ? 'gb18030' : defaultCharset;
    return name === 'utf-8' || name === 'utf8' ? bytes.toString('utf8') : iconv.decode(bytes, name);
  };
}

/** The file's cards one at a time, as binary strings (one char per byte). */
async function* binaryCards(path: string, transcodeFrom: string | null): AsyncGenerator<string> {
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const transcoder = transcodeFrom ? iconv.getDecoder(transcodeFrom) : null;
  let buffer = '';
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      buffer += transcoder ? Buffer.from(transcoder.write(chunk), 'utf8').toString('latin1') : chunk.toString('latin1');
      let end = -1;
      END_LINE.lastIndex = 0;
      for (const match of buffer.matchAll(END_LINE)) end = match.index + match[0].length;
      if (end < 0) continue;
      yield* splitVcards(buffer.slice(0, end));
      buffer = buffer.slice(end);
    }
    if (/BEGIN[ \t]*:[ \t]*VCARD/i.test(buffer)) yield* splitVcards(`${buffer}\r\nEND:VCARD`);
  } finally {
    stream.destroy();
  }
}
