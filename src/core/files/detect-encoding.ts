import chardet from 'chardet';
import iconv from 'iconv-lite';

/** The encodings kehu names itself; anything else iconv-lite knows is accepted as an override. */
const CJK_GUESSES: Record<string, string> = {
  'gb2312': 'gb18030',
  'gbk': 'gb18030',
  'gb18030': 'gb18030',
  'big5': 'big5',
  'shift_jis': 'shift_jis',
  'euc-jp': 'euc-jp',
  'euc-kr': 'euc-kr',
};

export interface DetectedEncoding {
  encoding: string;
  /** bytes of byte-order mark at the start of the file, to skip */
  bomLength: number;
}

/** Guesses a file's encoding from its first bytes: BOM, then strict UTF-8, then GB18030 structure, then chardet. */
export function detectEncoding(sample: Uint8Array, isComplete: boolean): DetectedEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (isUtf8(sample, isComplete)) return { encoding: 'utf-8', bomLength: 0 };
  const guesses = chardet.analyse(sample);
  const strongCjk = guesses.find((g) => g.confidence >= 50 && CJK_GUESSES[g.name.toLowerCase()]);
  if (strongCjk) return { encoding: CJK_GUESSES[strongCjk.name.toLowerCase()]!, bomLength: 0 };
  // Chinese Excel writes GBK; chardet often misreads a short sample as Latin, the byte structure does not.
  if (isGb18030(sample, isComplete)) return { encoding: 'gb18030', bomLength: 0 };
  const known = guesses.find((g) => iconv.encodingExists(g.name));
  return { encoding: known ? known.name.toLowerCase() : 'windows-1252', bomLength: 0 };
}

/** Strict UTF-8 validity; a sequence cut off by the end of an incomplete sample is allowed. */
export function isUtf8(bytes: Uint8Array, isComplete: boolean): boolean {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) { i++; continue; }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; }
    else return false;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return !isComplete;
      if ((c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

/** Every high byte belongs to a GBK double-byte or GB18030 four-byte sequence. */
export function isGb18030(bytes: Uint8Array, isComplete: boolean): boolean {
  let i = 0;
  const n = bytes.length;
  let multi = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) { i++; continue; }
    if (b === 0x80 || b === 0xff) return false;
    const b2 = bytes[i + 1];
    if (b2 === undefined) return !isComplete;
    if ((b2 >= 0x40 && b2 <= 0x7e) || (b2 >= 0x80 && b2 <= 0xfe)) { i += 2; multi++; continue; }
    if (b2 >= 0x30 && b2 <= 0x39) {
      const b3 = bytes[i + 2];
      const b4 = bytes[i + 3];
      if (b3 === undefined || b4 === undefined) return !isComplete;
      if (b3 < 0x81 || b3 > 0xfe || b4 < 0x30 || b4 > 0x39) return false;
      i += 4; multi++; continue;
    }
    return false;
  }
  return multi > 0;
}
