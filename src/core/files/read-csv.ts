import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import { AppError, codedField, validationError } from '../../domain/errors.ts';
import { unguardFormula } from '../../domain/formula-guard.ts';
import { CsvSplitter, MAX_RECORD_CHARS, RecordTooLong, sniffDelimiter } from './csv-splitter.ts';
import { detectEncoding } from './detect-encoding.ts';
import { readHead, type OpenedTable, type TableRow, type TableSource } from './open-table.ts';

const SAMPLE_BYTES = 64 * 1024;
const CHUNK_BYTES = 256 * 1024;
/** As many columns as a spreadsheet holds (Excel's XFD). */
const MAX_COLUMNS = 16_384;

/** Streams a CSV: encoding detected (UTF-8, BOM, GB18030…) or given, delimiter sniffed from the header line. */
export async function readCsv(source: TableSource): Promise<OpenedTable> {
  const sample = await readHead(source.path, SAMPLE_BYTES);
  const { encoding, bomLength } = chooseEncoding(source.encoding, sample.bytes, sample.isComplete);
  const sampleText = iconv.decode(sample.bytes.subarray(bomLength), encoding);
  const isOldMac = !sampleText.includes('\n') && sampleText.includes('\r');
  const delimiter = source.delimiter ?? sniffDelimiter(firstLine(sampleText));
  let splitter: CsvSplitter;
  try {
    splitter = new CsvSplitter(delimiter);
  } catch {
    throw validationError([codedField('delimiter', 'file.delimiter')]);
  }
  const batches = recordBatches(source.path, { encoding, bomLength, isOldMac, splitter })[Symbol.asyncIterator]();

  let pending: string[][] = [];
  let index = 0;
  let rowNumber = 0;
  const nextRecord = async (): Promise<string[] | undefined> => {
    while (index >= pending.length) {
      const next = await batches.next();
      if (next.done) return undefined;
      pending = next.value;
      index = 0;
    }
    rowNumber++;
    return pending[index++];
  };

  let header: string[] | undefined;
  while ((header = await nextRecord()) && isBlank(header));
  if (!header) throw validationError([codedField('file', 'file.empty')]);
  const headers = header.map((h) => h.trim());
  const width = headers.length;
  if (width > MAX_COLUMNS) throw validationError([codedField('file', 'file.too_many_columns', { count: width, limit: MAX_COLUMNS })]);

  async function* rows(): AsyncGenerator<TableRow> {
    try {
      for (;;) {
        while (index < pending.length) {
          const record = unguardCells(pending[index++]!);
          rowNumber++;
          if (record.length === width) {
            if (record[0]!.trim() === '' && isBlank(record)) continue;
            yield { row: rowNumber, values: record };
          } else if (!isBlank(record)) {
            yield { row: rowNumber, values: fit(record, width), rawLength: record.length };
          }
        }
        const next = await batches.next();
        if (next.done) return;
        pending = next.value;
        index = 0;
      }
    } finally {
      await batches.return?.(undefined);
    }
  }

  return {
    meta: { format: 'csv', encoding, delimiter, sheet: null, sheets: [], headers },
    rows: rows(),
  };
}

/** The cells as values: a ' that guards a would-be formula (kehu's exports write one) is the file's, not the value's. */
function unguardCells(record: string[]): string[] {
  for (let i = 0; i < record.length; i++) {
    const cell = record[i] as string;
    if (cell.startsWith("'")) record[i] = unguardFormula(cell);
  }
  return record;
}

function chooseEncoding(override: string | undefined, bytes: Buffer, isComplete: boolean): { encoding: string; bomLength: number } {
  const hasUtf8Bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (!override) return detectEncoding(bytes, isComplete);
  const encoding = override.trim().toLowerCase();
  if (!iconv.encodingExists(encoding)) throw validationError([codedField('encoding', 'file.unknown_encoding', { value: override })]);
  const isUtf8 = encoding === 'utf-8' || encoding === 'utf8';
  return { encoding: isUtf8 ? 'utf-8' : encoding, bomLength: isUtf8 && hasUtf8Bom ? 3 : 0 };
}

interface DecodeOptions {
  encoding: string;
  bomLength: number;
  isOldMac: boolean;
  splitter: CsvSplitter;
}

/** One batch of records per chunk of the file, so the per-row cost is a plain loop. */
async function* recordBatches(path: string, options: DecodeOptions): AsyncGenerator<string[][]> {
  const { splitter, isOldMac } = options;
  const decoder = options.encoding === 'utf-8' ? new TextDecoder('utf-8') : undefined;
  const iconvDecoder = decoder ? undefined : iconv.getDecoder(options.encoding, { stripBOM: true });
  const stream = createReadStream(path, { start: options.bomLength, highWaterMark: CHUNK_BYTES });
  let isFirst = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let text = decoder ? decoder.decode(chunk, { stream: true }) : iconvDecoder!.write(chunk);
      if (isFirst && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      isFirst = false;
      if (isOldMac) text = text.replaceAll('\r', '\n');
      const out: string[][] = [];
      try {
        splitter.push(text, out);
      } catch (error) {
        if (!(error instanceof RecordTooLong)) throw error;
        throw new AppError('payload_too_large', {
          messageCode: 'file.row_too_long',
          params: { row: error.record, size: `${MAX_RECORD_CHARS / 1024 / 1024} MiB` },
          message: `row ${error.record} of the file is longer than ${MAX_RECORD_CHARS / 1024 / 1024} MiB: is a quote left open, or are the line ends missing?`,
          errors: [codedField('file', 'file.row_longer', { row: error.record, size: `${MAX_RECORD_CHARS / 1024 / 1024} MiB` })],
        });
      }
      if (out.length > 0) yield out;
    }
    const out: string[][] = [];
    const tail = decoder ? decoder.decode() : (iconvDecoder!.end() ?? '');
    if (tail) splitter.push(isOldMac ? tail.replaceAll('\r', '\n') : tail, out);
    splitter.end(out);
    if (out.length > 0) yield out;
  } finally {
    stream.destroy();
  }
}

function firstLine(text: string): string {
  const lines = text.split(/\r?\n|\r/);
  return lines.find((line) => line.trim().length > 0) ?? '';
}

function isBlank(record: string[]): boolean {
  for (const value of record) if (value.trim() !== '') return false;
  return true;
}

function fit(record: string[], width: number): string[] {
  if (record.length > width) return record.slice(0, width);
  const values = record.slice();
  while (values.length < width) values.push('');
  return values;
}
