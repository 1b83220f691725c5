import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import unzipper from 'unzipper';
import { AppError, codedField, validationError } from '../../domain/errors.ts';

const MiB = 1024 * 1024;

/**
 * What a workbook may expand to. An XLSX is a zip: a few megabytes can inflate to gigabytes
 * (a "zip bomb"), and exceljs keeps every shared string in memory. Real workbooks stay far
 * inside these; beyond them the file is refused before it is parsed.
 */
export const XLSX_LIMITS = {
  parts: 10_000,
  /** every part together, uncompressed */
  totalBytes: 1024 * MiB,
  /** xl/sharedStrings.xml, which exceljs holds in memory whole (64 MiB of tiny texts is ~4 million strings, ~200 MB) */
  sharedStringsBytes: 64 * MiB,
  /** any part that is not a worksheet nor the shared strings (styles, workbook, relations…) */
  otherPartBytes: 32 * MiB,
  /** the longest XML stretch without a "<": bounds one cell's text (Excel's own limit is 32,767 characters) */
  textBytes: 1 * MiB,
  /** one worksheet row's XML */
  rowBytes: 16 * MiB,
} as const;

type Limits = typeof XLSX_LIMITS;

class TooLarge extends Error {}

const LT = 0x3c;
const ROW = Buffer.from('<row');

/** Counts a part's inflated bytes and watches its XML for one oversized cell or row, failing as soon as one is met. */
function partWatcher(path: string, limits: Limits, total: { bytes: number }): Writable {
  const isSheet = /^xl\/worksheets\/[^/]+\.xml$/i.test(path);
  const isSharedStrings = /^xl\/sharedStrings\.xml$/i.test(path);
  const isXml = /\.(xml|rels)$/i.test(path);
  const partLimit = isSharedStrings ? limits.sharedStringsBytes : isSheet ? limits.totalBytes : limits.otherPartBytes;
  let bytes = 0;
  let sinceLt = 0;
  let sinceRow = 0;
  let tail = Buffer.alloc(0);
  const check = (chunk: Buffer): string | null => {
    bytes += chunk.length;
    total.bytes += chunk.length;
    if (total.bytes > limits.totalBytes) return `it expands to more than ${limits.totalBytes / MiB} MiB`;
    if (bytes > partLimit) return `its part ${path} expands to more than ${partLimit / MiB} MiB`;
    if (!isXml) return null;
    let from = 0;
    for (let lt = chunk.indexOf(LT); ; lt = chunk.indexOf(LT, lt + 1)) {
      const end = lt < 0 ? chunk.length : lt;
      if (sinceLt + end - from > limits.textBytes) return `a cell or value in ${path} is longer than ${limits.textBytes / MiB} MiB`;
      if (lt < 0) {
        sinceLt += end - from;
        break;
      }
      sinceLt = 0;
      from = lt + 1;
      // Tags are short; past the first stretch only the last one can still grow.
      if (chunk.length - from <= limits.textBytes) {
        const last = chunk.lastIndexOf(LT);
        sinceLt = chunk.length - last - 1;
        break;
      }
    }
    if (isSheet) {
      // A "<row" split between two chunks is found in the last bytes of one and the first of the next.
      const lastRow = chunk.lastIndexOf(ROW);
      const acrossAt = lastRow < 0 ? Buffer.concat([tail, chunk.subarray(0, ROW.length - 1)]).indexOf(ROW) : -1;
      sinceRow = lastRow >= 0 ? chunk.length - lastRow : acrossAt >= 0 ? chunk.length + tail.length - acrossAt : sinceRow + chunk.length;
      if (sinceRow > limits.rowBytes) return `a row in ${path} is longer than ${limits.rowBytes / MiB} MiB`;
      tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - (ROW.length - 1))));
    }
    return null;
  };
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      const problem = check(chunk);
      done(problem === null ? undefined : new TooLarge(problem));
    },
  });
}

/**
 * Inflates every part of the workbook once, as exceljs's own unzipper will, counting what comes
 * out and stopping at the first limit, so a bomb costs a fraction of a second and no memory.
 */
export async function checkXlsxBounds(path: string, limits: Limits = XLSX_LIMITS): Promise<void> {
  const file = createReadStream(path);
  const zip = file.pipe(unzipper.Parse({ forceStream: true }));
  const total = { bytes: 0 };
  let parts = 0;
  try {
    for await (const entry of zip as AsyncIterable<unzipper.Entry>) {
      if (++parts > limits.parts) throw new TooLarge(`it has more than ${limits.parts} parts`);
      await pipeline(entry, partWatcher(entry.path, limits, total));
    }
  } catch (error) {
    if (error instanceof TooLarge) {
      throw new AppError('payload_too_large', {
        messageCode: 'file.workbook_too_large',
        params: { reason: error.message },
        message: `the workbook is too large to read safely: ${error.message}. Save the sheet as CSV (UTF-8) and import that instead.`,
        errors: [codedField('file', 'file.workbook_too_large', { reason: error.message })],
      });
    }
    throw validationError([codedField('file', 'file.not_xlsx', { reason: (error as Error).message })]);
  } finally {
    file.destroy();
    (zip as unknown as { destroy?: () => void }).destroy?.();
  }
}
