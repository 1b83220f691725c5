import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { codedError, codedField, validationError } from '../../domain/errors.ts';
import { readCsv } from './read-csv.ts';
import { readXlsx } from './read-xlsx.ts';
import { readVcard } from './read-vcard.ts';

export type TableFormat = 'csv' | 'xlsx' | 'vcard';

export interface TableSource {
  path: string;
  /** else by extension, then by sniffing the first bytes */
  format?: TableFormat;
  /** override the detected encoding, e.g. 'gbk' (CSV and vCard) */
  encoding?: string;
  /** override the sniffed delimiter (CSV) */
  delimiter?: string;
  /** XLSX: a sheet's name, else the first sheet */
  sheet?: string;
}

export interface TableMeta {
  format: TableFormat;
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  sheets: string[];
  headers: string[];
}

export interface TableRow {
  /** the row number the user sees in their spreadsheet (header = 1, first data row = 2); for vCard the card's 1-based index */
  row: number;
  /** same length as headers, '' for empty */
  values: string[];
  /** how many cells the source row really had, when it differs from the headers (ragged CSV rows) */
  rawLength?: number;
}

export interface OpenedTable {
  meta: TableMeta;
  rows: AsyncIterable<TableRow>;
}

/** Opens a CSV, XLSX or vCard file as headers plus a stream of rows; memory stays flat for any size. */
export async function openTable(source: TableSource): Promise<OpenedTable> {
  const format = source.format ?? formatByExtension(source.path) ?? (await sniffFormat(source.path));
  if (format === 'xlsx') return readXlsx(source);
  if (format === 'vcard') return readVcard(source);
  return readCsv(source);
}

const EXTENSIONS: Record<string, TableFormat> = {
  '.csv': 'csv', '.tsv': 'csv', '.txt': 'csv', '.xlsx': 'xlsx', '.xlsm': 'xlsx', '.vcf': 'vcard', '.vcard': 'vcard',
};

function formatByExtension(path: string): TableFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.xls') {
    throw validationError([codedField('file', 'file.xls_old')]);
  }
  return EXTENSIONS[ext];
}

async function sniffFormat(path: string): Promise<TableFormat> {
  const head = (await readHead(path, 4096)).bytes;
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (/^\s*BEGIN:VCARD/i.test(Buffer.from(head).toString('latin1').replace(/^\xef\xbb\xbf/, ''))) return 'vcard';
  return 'csv';
}

/** The first `size` bytes of a file; `isComplete` when that is the whole file. */
export async function readHead(path: string, size: number): Promise<{ bytes: Buffer; isComplete: boolean }> {
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw codedError('not_found', 'file.cannot_open', { path }, { errors: [{ field: 'file', message: 'not found or not readable', code: 'file.not_readable' }], cause: error });
  });
  try {
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buffer, 0, size, 0);
    return { bytes: buffer.subarray(0, bytesRead), isComplete: bytesRead < size };
  } finally {
    await handle.close();
  }
}
