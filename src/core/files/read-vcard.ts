import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import { AppError, codedField, validationError } from '../../domain/errors.ts';
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
 * in the file's detected encoding (or the override); each card is parsed on its own. A card's row
 * number is the line its BEGIN:VCARD is on, so an error names the place in the file.
 */
export async function readVcard(source: TableSource): Promise<OpenedTable> {
  const sample = await readHead(source.path, 64 * 1024);
  const fileEncoding = source.encoding ? checkedEncoding(source.encoding) : detectEncoding(sample.bytes, sample.isComplete).encoding;
  const isUtf16 = fileEncoding.startsWith('utf-16');
  const defaultCharset = isUtf16 ? 'utf-8' : fileEncoding;
  if (!/BEGIN[ \t]*:[ \t]*VCARD/i.test(isUtf16 ? iconv.decode(sample.bytes, fileEncoding) : sample.bytes.toString('latin1'))) {
    throw validationError([codedField('file', 'file.not_vcard')]);
  }
  const decode = decoderFor(defaultCharset);
  // One pass over the cards first, unparsed: a card past the bound is refused before any is used.
  for await (const card of binaryCards(source.path, isUtf16 ? fileEncoding : null)) void card;

  async function* rows(): AsyncGenerator<TableRow> {
    for await (const { text, line } of binaryCards(source.path, isUtf16 ? fileEncoding : null)) {
      yield { row: line, values: vcardRow(parseVcard(text, { decode, defaultCharset })) };
    }
  }

  return {
    meta: { format: 'vcard', encoding: fileEncoding, delimiter: null, sheet: null, sheets: [], headers: [...VCARD_HEADERS] },
    rows: rows(),
  };
}

function checkedEncoding(name: string): string {
  const encoding = name.trim().toLowerCase();
  if (!iconv.encodingExists(encoding)) throw validationError([codedField('encoding', 'file.unknown_encoding', { value: name })]);
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

/**
 * The largest card read: a contact with a photo is tens or hundreds of kilobytes; a card that
 * goes on past this (a file without END:VCARD, say) is refused, not gathered into memory.
 */
export const MAX_CARD_BYTES = 8 * 1024 * 1024;

const cardTooLarge = (card: number) =>
  new AppError('payload_too_large', {
    messageCode: 'file.card_too_large',
    params: { card, size: `${MAX_CARD_BYTES / 1024 / 1024} MiB` },
    message: `card ${card} is larger than ${MAX_CARD_BYTES / 1024 / 1024} MiB (is its END:VCARD missing?)`,
    errors: [codedField('file', 'file.card_larger', { card, size: `${MAX_CARD_BYTES / 1024 / 1024} MiB` })],
  });

const lineBreaks = (text: string): number => {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
};

/** The file's cards one at a time, as binary strings (one char per byte) with the line each begins on; each card is bounded. */
async function* binaryCards(path: string, transcodeFrom: string | null): AsyncGenerator<{ text: string; line: number }> {
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const transcoder = transcodeFrom ? iconv.getDecoder(transcodeFrom) : null;
  // Text read since the last END line: whole lines in `lines`, the line still open in `open`.
  let lines: string[] = [];
  let linesLength = 0;
  let open = '';
  let cards = 0;
  // line breaks before the text handed to complete()
  let linesBefore = 0;
  function* complete(text: string): Generator<{ text: string; line: number }> {
    let from = 0;
    let line = linesBefore + 1;
    for (const card of splitVcards(text)) {
      cards++;
      if (card.length > MAX_CARD_BYTES) throw cardTooLarge(cards);
      const at = text.indexOf(card, from);
      line += lineBreaks(text.slice(from, at));
      from = at;
      yield { text: card, line };
    }
    linesBefore += lineBreaks(text);
  }
  const keep = (text: string) => {
    const cut = text.lastIndexOf('\n') + 1;
    if (cut > 0) {
      lines.push(text.slice(0, cut));
      linesLength += cut;
    }
    open = text.slice(cut);
    if (linesLength + open.length > MAX_CARD_BYTES) throw cardTooLarge(cards + 1);
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      // Only the new text, from the start of the line it continues, can hold a new END line.
      const region = open + (transcoder ? Buffer.from(transcoder.write(chunk), 'utf8').toString('latin1') : chunk.toString('latin1'));
      let end = -1;
      END_LINE.lastIndex = 0;
      for (const match of region.matchAll(END_LINE)) end = match.index + match[0].length;
      if (end < 0) {
        keep(region);
        continue;
      }
      yield* complete(lines.join('') + region.slice(0, end));
      lines = [];
      linesLength = 0;
      keep(region.slice(end));
    }
    const rest = lines.join('') + open;
    if (/BEGIN[ \t]*:[ \t]*VCARD/i.test(rest)) yield* complete(`${rest}\r\nEND:VCARD`);
  } finally {
    stream.destroy();
  }
}
