const WIDE = /[\uFF01-\uFF5E\u3000]/g;
const HAN = /\p{Script=Han}/u;
const WHITESPACE_RUN = /\s+/g;
// Only Latin/Greek/Cyrillic-style combining accents: Thai, Devanagari or kana marks are part of the letter.
const COMBINING_ACCENTS = /[\u0300-\u036f]|[\u1ab0-\u1aff]|[\u1dc0-\u1dff]|[\u20d0-\u20ff]|[\ufe20-\ufe2f]/g;
const NOT_PRINTABLE_ASCII = /[^ -~]/;

function toHalfWidth(ch: string): string {
  return ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0);
}

/** Full-width ASCII (Ａ１＋＠) to half-width and the ideographic space to a plain space. */
export function foldWidth(s: string): string {
  return s.replace(WIDE, toHalfWidth);
}

/** Width-folded, trimmed, inner whitespace collapsed, NFC. */
export function normaliseName(s: string): string {
  return foldWidth(s).trim().replace(WHITESPACE_RUN, ' ').normalize('NFC');
}

export function hasHan(s: string): boolean {
  return HAN.test(s);
}

/** José → Jose, Müller → Muller; other scripts are left as they are. */
export function stripDiacritics(s: string): string {
  if (!NOT_PRINTABLE_ASCII.test(s)) return s;
  return s.normalize('NFD').replace(COMBINING_ACCENTS, '').normalize('NFC');
}
