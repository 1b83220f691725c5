import { foldWidth, isPlainText } from './text.ts';

export type EmailResult = { ok: true; value: string; raw: string } | { ok: false; raw: string; reason: string };

const MAX_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
const MAX_LABEL_LENGTH = 63;
const WHITESPACE = /\s/u;
// Ideographic and halfwidth full stops are label separators in IDNA; Chinese keyboards type them.
const IDEOGRAPHIC_DOTS = /[\u3002\uff61]/g;
const LOCAL_CHARACTERS = /^[\p{L}\p{M}\p{N}.!#$%&'*+/=?^_`{|}~-]+$/u;
const LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?$/u;
const DIGITS_ONLY = /^\d+$/;

function problem(address: string): string | null {
  if (address === '') return 'empty';
  if (WHITESPACE.test(address)) return 'contains spaces';
  const at = address.indexOf('@');
  if (at < 0) return 'missing @';
  if (address.indexOf('@', at + 1) >= 0) return 'more than one @';
  if (address.length > MAX_LENGTH) return 'too long';

  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local === '') return 'nothing before @';
  if (local.length > MAX_LOCAL_LENGTH) return 'part before @ is too long';
  if (!LOCAL_CHARACTERS.test(local)) return 'part before @ contains a character that is not allowed';
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return 'part before @ has a dot at the start, at the end or twice in a row';
  }
  if (domain === '') return 'nothing after @';
  if (!domain.includes('.')) return 'domain has no dot';

  const labels = domain.split('.');
  if (labels.some((label) => label === '')) return 'domain has an empty part (two dots, or a dot at the start or end)';
  if (labels.some((label) => label.length > MAX_LABEL_LENGTH)) return 'domain has a part longer than 63 characters';
  if (!labels.every((label) => LABEL.test(label))) return 'domain may only contain letters, digits and inner hyphens';
  if (DIGITS_ONLY.test(labels[labels.length - 1] as string)) return 'domain ends in a number';
  return null;
}

/** The domain's ideographic full stops as dots. */
function withPlainDots(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? address : address.slice(0, at + 1) + address.slice(at + 1).replace(IDEOGRAPHIC_DOTS, '.');
}

/** Lower-cased, width-folded, syntax-checked email address; never throws. */
export function normaliseEmail(raw: string): EmailResult {
  // `raw` comes from spreadsheets and JSON: tolerate a missing value rather than throw.
  const folded = foldWidth(String(raw ?? '')).trim().toLowerCase();
  // Plain text (see isPlainText), as most addresses are, is NFC already and has no ideographic dots.
  const address = isPlainText(folded) ? folded : withPlainDots(folded.normalize('NFC'));
  const reason = problem(address);
  return reason === null ? { ok: true, value: address, raw } : { ok: false, raw, reason };
}
