const QUOTE = 34;
const CR = 13;

/** The longest record read: far beyond any real row, short of what a file without a line end (or with an unclosed quote) would gather. */
export const MAX_RECORD_CHARS = 1024 * 1024;

/** A record went on past MAX_RECORD_CHARS; `record` is its 1-based number in the file. */
export class RecordTooLong extends Error {
  constructor(readonly record: number) {
    super(`record ${record} is longer than ${MAX_RECORD_CHARS} characters`);
  }
}

/**
 * Incremental RFC 4180 record splitter: feed decoded text in chunks, get records out. Lines
 * without a quote take a fast path (native split); quoted fields may hold delimiters, newlines
 * and "" escapes. A quote in the middle of an unquoted field is an ordinary character, and text
 * after a closing quote is kept, as spreadsheet programs do. A blank line comes out as [''].
 */
export class CsvSplitter {
  private rest = '';
  private emitted = 0;
  private readonly delimiter: string;

  constructor(delimiter: string) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new Error(`unusable CSV delimiter ${JSON.stringify(delimiter)}`);
    }
    this.delimiter = delimiter;
  }

  /** Appends the complete records in `chunk` (plus what was held back) to `out`. */
  push(chunk: string, out: string[][]): void {
    const text = this.rest.length > 0 ? this.rest + chunk : chunk;
    const before = out.length;
    const used = this.split(text, false, out);
    this.emitted += out.length - before;
    this.rest = used === text.length ? '' : text.slice(used);
    if (this.rest.length > MAX_RECORD_CHARS) throw new RecordTooLong(this.emitted + 1);
  }

  /** Flushes the last record, closing an unterminated quote at the end of the file. */
  end(out: string[][]): void {
    if (this.rest.length > 0) this.split(this.rest, true, out);
    this.rest = '';
  }

  private split(text: string, isFinal: boolean, out: string[][]): number {
    const len = text.length;
    const d = this.delimiter;
    let pos = 0;
    let nextQuote = text.indexOf('"');
    if (nextQuote === -1) nextQuote = len;
    while (pos < len) {
      let nl = text.indexOf('\n', pos);
      if (nl === -1) {
        if (!isFinal) break;
        nl = len;
      }
      if (nextQuote < pos) {
        nextQuote = text.indexOf('"', pos);
        if (nextQuote === -1) nextQuote = len;
      }
      if (nextQuote > nl) {
        let end = nl;
        if (end > pos && text.charCodeAt(end - 1) === CR) end--;
        out.push(end === pos ? [''] : text.slice(pos, end).split(d));
        pos = nl + 1;
        continue;
      }
      const next = this.splitQuoted(text, pos, isFinal, out);
      if (next === -1) break;
      pos = next;
    }
    return Math.min(pos, len);
  }

  /** The slow path for one record holding a quote; -1 when the record is not complete yet. */
  private splitQuoted(text: string, start: number, isFinal: boolean, out: string[][]): number {
    const len = text.length;
    const d = this.delimiter;
    const fields: string[] = [];
    let i = start;
    for (;;) {
      let field = '';
      if (i < len && text.charCodeAt(i) === QUOTE) {
        i++;
        for (;;) {
          const j = text.indexOf('"', i);
          if (j === -1) {
            if (!isFinal) return -1;
            field += text.slice(i);
            i = len;
            break;
          }
          if (j + 1 >= len && !isFinal) return -1;
          if (text.charCodeAt(j + 1) === QUOTE) {
            field += text.slice(i, j + 1);
            i = j + 2;
            continue;
          }
          field += text.slice(i, j);
          i = j + 1;
          break;
        }
      }
      let k = i;
      while (k < len) {
        const c = text[k];
        if (c === d || c === '\n') break;
        k++;
      }
      if (k >= len && !isFinal) return -1;
      let tail = text.slice(i, k);
      if (tail.length > 0 && tail.charCodeAt(tail.length - 1) === CR && (k >= len || text[k] === '\n')) {
        tail = tail.slice(0, -1);
      }
      fields.push(field + tail);
      if (k >= len) {
        out.push(fields);
        return len;
      }
      if (text[k] === '\n') {
        out.push(fields);
        return k + 1;
      }
      i = k + 1;
    }
  }
}

/** The delimiter a header line uses most, outside quotes: comma, semicolon, tab or pipe. */
export function sniffDelimiter(headerLine: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0], ['|', 0]]);
  let inQuotes = false;
  for (const c of headerLine) {
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = ',';
  for (const [c, n] of counts) if (n > counts.get(best)!) best = c;
  return best;
}
