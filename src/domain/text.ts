const WIDE = /[\uFF01-\uFF5E\u3000]/g;
const HAN = /\p{Script=Han}/u;
const WHITESPACE_RUN = /\s+/g;
// Only Latin/Greek/Cyrillic-style combining accents: Thai, Devanagari or kana marks are part of the letter.
const COMBINING_ACCENTS = /[\u0300-\u036f]|[\u1ab0-\u1aff]|[\u1dc0-\u1dff]|[\u20d0-\u20ff]|[\ufe20-\ufe2f]/g;

function toHalfWidth(ch: string): string {
  return ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0);
}

/**
 * True when every character is printable ASCII or a CJK unified ideograph (U+4E00–U+9FFF): text that
 * width folding, NFC, NFD and accent stripping all leave as it is (none of these characters is wide,
 * whitespace other than the space, decomposable or combining). Most names, cities and emails are.
 */
export function isPlainText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 || c > 0x7e) && (c < 0x4e00 || c > 0x9fff)) return false;
  }
  return true;
}

/** Plain text (see isPlainText) without a space at either end or two in a row: normaliseName keeps it as it is. */
export function isTidyPlainText(s: string): boolean {
  if (s.charCodeAt(0) === 0x20 || s.charCodeAt(s.length - 1) === 0x20) return false;
  let wasSpace = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20) {
      if (wasSpace) return false;
      wasSpace = true;
    } else if ((c < 0x21 || c > 0x7e) && (c < 0x4e00 || c > 0x9fff)) {
      return false;
    } else {
      wasSpace = false;
    }
  }
  return true;
}

/** Full-width ASCII (Ａ１＋＠) to half-width and the ideographic space to a plain space. */
export function foldWidth(s: string): string {
  // Looking for a wide character costs less than a replace that finds none, the usual case.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3000 || (c >= 0xff01 && c <= 0xff5e)) return s.replace(WIDE, toHalfWidth);
  }
  return s;
}

/** Width-folded, trimmed, inner whitespace collapsed, NFC. */
export function normaliseName(s: string): string {
  if (isTidyPlainText(s)) return s;
  return foldWidth(s).trim().replace(WHITESPACE_RUN, ' ').normalize('NFC');
}

export function hasHan(s: string): boolean {
  return HAN.test(s);
}

/** José → Jose, Müller → Muller; other scripts are left as they are. */
export function stripDiacritics(s: string): string {
  if (isPlainText(s)) return s;
  return s.normalize('NFD').replace(COMBINING_ACCENTS, '').normalize('NFC');
}
