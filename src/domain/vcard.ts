/**
 * vCard 2.1 / 3.0 / 4.0 parsing and 4.0 formatting, pure so the web app can share it.
 *
 * The parser reads a "binary string" (one char per byte, as Buffer#toString('latin1') gives):
 * property values are decoded to text only after quoted-printable decoding and with their own
 * CHARSET, so Shift_JIS bytes such as 0x5C are never mistaken for a backslash escape. The caller
 * supplies the decoder (iconv-lite on the server); the default one uses TextDecoder.
 */

export interface VcardProperty {
  group: string | null;
  /** upper case, e.g. TEL */
  name: string;
  /** lower-case parameter names; values unquoted and split on commas */
  params: Record<string, string[]>;
  /** lower-case TYPE values from every syntax: TYPE=CELL, TYPE="work,voice", 2.1's bare ;CELL */
  types: string[];
  /** decoded text, escapes still in place ('' for binary payloads, which are skipped) */
  value: string;
  isBinary: boolean;
}

export interface Vcard {
  version: string | null;
  properties: VcardProperty[];
}

/** Decodes a binary string in the given charset (lower case, e.g. 'utf-8', 'shift_jis'). */
export type DecodeBytes = (binary: string, charset: string) => string;

export interface VcardParseOptions {
  decode?: DecodeBytes;
  /** charset of values without a CHARSET parameter; default utf-8 */
  defaultCharset?: string;
}

const ENCODING_WORDS = new Set(['quoted-printable', 'base64', 'b', '8bit', '7bit']);

export const defaultDecode: DecodeBytes = (binary, charset) => {
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0) & 0xff);
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
};

/** Splits a binary string into the texts of its cards (BEGIN:VCARD … END:VCARD). */
export function splitVcards(binary: string): string[] {
  const cards: string[] = [];
  let start = -1;
  const pattern = /^[ \t]*(BEGIN|END)[ \t]*:[ \t]*VCARD[ \t]*$/gim;
  for (const match of binary.matchAll(pattern)) {
    if (match[1]!.toUpperCase() === 'BEGIN') start = match.index;
    else if (start >= 0) {
      cards.push(binary.slice(start, match.index + match[0].length));
      start = -1;
    }
  }
  return cards;
}

/** Parses every card in a binary string. */
export function parseVcards(binary: string, options: VcardParseOptions = {}): Vcard[] {
  return splitVcards(binary).map((card) => parseVcard(card, options));
}

/** Parses one card (BEGIN:VCARD … END:VCARD) from a binary string. */
export function parseVcard(binary: string, options: VcardParseOptions = {}): Vcard {
  const decode = options.decode ?? defaultDecode;
  const defaultCharset = options.defaultCharset ?? 'utf-8';
  const properties: VcardProperty[] = [];
  let version: string | null = null;
  for (const line of unfold(binary)) {
    const property = parseLine(line, decode, defaultCharset);
    if (!property) continue;
    if (property.name === 'BEGIN' || property.name === 'END') continue;
    if (property.name === 'VERSION') version = property.value.trim();
    else properties.push(property);
  }
  return { version, properties };
}

/** Logical lines: folded lines joined, and 2.1 quoted-printable soft line breaks ("=" at the end) too. */
function unfold(binary: string): string[] {
  const lines: string[] = [];
  for (const physical of binary.split(/\r\n|\n|\r/)) {
    const last = lines.length - 1;
    const previous = lines[last];
    if (previous !== undefined && isQuotedPrintable(previous) && previous.endsWith('=')) {
      lines[last] = previous.slice(0, -1) + physical;
    } else if (previous !== undefined && (physical.startsWith(' ') || physical.startsWith('\t'))) {
      lines[last] = previous + physical.slice(1);
    } else if (physical.trim() === '') {
      continue;
    } else if (previous !== undefined && !/^[A-Za-z0-9_.-]+[;:]/.test(physical)) {
      // a 2.1 base64 payload continues on lines without leading space
      lines[last] = previous + physical;
    } else {
      lines.push(physical);
    }
  }
  return lines;
}

function isQuotedPrintable(line: string): boolean {
  const colon = nameEnd(line);
  return /quoted-printable/i.test(line.slice(0, colon));
}

/** Index of the ':' that ends the name and parameters (a ':' inside a quoted parameter does not). */
function nameEnd(line: string): number {
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (c === ':' && !inQuotes) return i;
  }
  return -1;
}

function parseLine(line: string, decode: DecodeBytes, defaultCharset: string): VcardProperty | null {
  const colon = nameEnd(line);
  if (colon <= 0) return null;
  const [head = '', ...rawParams] = splitOutsideQuotes(line.slice(0, colon), ';');
  const dot = head.lastIndexOf('.');
  const group = dot >= 0 ? head.slice(0, dot) : null;
  const name = head.slice(dot + 1).trim().toUpperCase();
  const params: Record<string, string[]> = {};
  const types: string[] = [];
  for (const raw of rawParams) {
    const eq = raw.indexOf('=');
    const key = eq >= 0 ? raw.slice(0, eq).trim().toLowerCase() : ENCODING_WORDS.has(raw.trim().toLowerCase()) ? 'encoding' : 'type';
    const text = decode(eq >= 0 ? raw.slice(eq + 1) : raw, 'utf-8');
    const values = splitOutsideQuotes(text, ',').map((v) => v.trim().replace(/^"|"$/g, ''));
    (params[key] ??= []).push(...values);
    // TYPE="work,voice" is a list even though it is quoted
    if (key === 'type') types.push(...values.flatMap((v) => v.toLowerCase().split(',')).map((v) => v.trim()).filter((v) => v !== ''));
  }
  if (params.pref && !types.includes('pref')) types.push('pref');
  const encoding = (params.encoding?.[0] ?? '').toLowerCase();
  const isBinary = encoding === 'b' || encoding === 'base64';
  const charset = (params.charset?.[0] ?? defaultCharset).toLowerCase();
  let bytes = line.slice(colon + 1);
  if (encoding === 'quoted-printable') bytes = decodeQuotedPrintable(bytes);
  const value = isBinary ? '' : decode(bytes, charset);
  return { group, name, params, types, value, isBinary };
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (c === separator && !inQuotes) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function decodeQuotedPrintable(text: string): string {
  return text.replace(/=([0-9A-Fa-f]{2})|=$/g, (_, hex: string | undefined) => (hex ? String.fromCharCode(parseInt(hex, 16)) : ''));
}

/** Removes vCard backslash escapes: \\ \; \, \n \N, and \: \" as Apple and Gmail write them. */
export function unescapeText(text: string): string {
  return text.replace(/\\([\\;,nN:"])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** A structured value (N, ADR, ORG) split on unescaped ';', each component unescaped. */
export function components(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) {
      current += c + value[i + 1];
      i++;
    } else if (c === ';') {
      parts.push(unescapeText(current));
      current = '';
    } else current += c;
  }
  parts.push(unescapeText(current));
  return parts;
}

/** A list value (CATEGORIES, NICKNAME) split on unescaped ','. */
export function listValues(value: string): string[] {
  return value
    .split(/(?<!\\),/)
    .map((v) => unescapeText(v).trim())
    .filter((v) => v !== '');
}

// ---- formatting (vCard 4.0) -------------------------------------------------------------------

/** Escapes text for a vCard value; `structured` keeps no ';' or ',' unescaped. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();

/** Folds a content line at 75 octets (RFC 6350 §3.2) without splitting a UTF-8 character. */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const out: string[] = [];
  let current = '';
  let size = 0;
  let limit = 75;
  for (const char of line) {
    const charSize = encoder.encode(char).length;
    if (size + charSize > limit) {
      out.push(current);
      current = '';
      size = 0;
      limit = 74; // continuation lines start with a space
    }
    current += char;
    size += charSize;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** A phone or e-mail as written: TYPE words, and a label of the device's own when the words cannot say it (X-ABLabel). */
export interface VcardPoint {
  value: string;
  types?: string[];
  label?: string;
}

export interface VcardPerson {
  fullName: string;
  familyName?: string;
  givenName?: string;
  nicknames?: string[];
  organization?: string;
  departments?: string[];
  /** several TITLE lines */
  titles?: string[];
  roles?: string[];
  gender?: 'male' | 'female' | 'other';
  phones?: VcardPoint[];
  emails?: VcardPoint[];
  address?: { street?: string; city?: string; region?: string; postcode?: string; country?: string };
  birthday?: string;
  note?: string;
  urls?: string[];
  categories?: string[];
  uid?: string;
}

const GENDERS = { male: 'M', female: 'F', other: 'O' } as const;

/** Formats one person as a vCard 4.0 card (RFC 6350) with CRLF line ends and folded lines. */
export function formatVcard(person: VcardPerson): string {
  const lines = ['BEGIN:VCARD', 'VERSION:4.0'];
  const add = (name: string, value: string): void => {
    lines.push(foldLine(`${name}:${value}`));
  };
  add('FN', escapeText(person.fullName));
  if (person.familyName || person.givenName) {
    add('N', [person.familyName ?? '', person.givenName ?? '', '', '', ''].map(escapeText).join(';'));
  }
  if (person.nicknames && person.nicknames.length > 0) add('NICKNAME', person.nicknames.map(escapeText).join(','));
  if (person.organization || (person.departments && person.departments.length > 0)) {
    add('ORG', [person.organization ?? '', ...(person.departments ?? [])].map(escapeText).join(';'));
  }
  for (const title of person.titles ?? []) add('TITLE', escapeText(title));
  for (const role of person.roles ?? []) add('ROLE', escapeText(role));
  if (person.gender) add('GENDER', GENDERS[person.gender]);
  let item = 0;
  const point = (name: string, p: VcardPoint, value: string): void => {
    const group = p.label ? `item${++item}.` : '';
    add(`${group}${name}${typeParam(p.types)}${value.startsWith('tel:') ? ';VALUE=uri' : ''}`, value);
    if (p.label) add(`${group}X-ABLabel`, escapeText(p.label));
  };
  // A number with an extension is a tel: URI, the way RFC 6350 writes one (tel:+14186569254;ext=102).
  for (const phone of person.phones ?? []) point('TEL', phone, phone.value.includes(';ext=') ? `tel:${phone.value}` : escapeText(phone.value));
  for (const email of person.emails ?? []) point('EMAIL', email, escapeText(email.value));
  const a = person.address;
  if (a && (a.street || a.city || a.region || a.postcode || a.country)) {
    add('ADR', ['', '', a.street ?? '', a.city ?? '', a.region ?? '', a.postcode ?? '', a.country ?? ''].map(escapeText).join(';'));
  }
  if (person.birthday) add('BDAY', person.birthday.startsWith('--') ? `--${person.birthday.slice(2).replace('-', '')}` : person.birthday.replace(/-/g, ''));
  if (person.note) add('NOTE', escapeText(person.note));
  for (const url of person.urls ?? []) add('URL', url);
  if (person.categories && person.categories.length > 0) add('CATEGORIES', person.categories.map(escapeText).join(','));
  if (person.uid) add('UID', escapeText(person.uid));
  lines.push('END:VCARD');
  return lines.join('\r\n') + '\r\n';
}

function typeParam(types: string[] | undefined): string {
  if (!types || types.length === 0) return '';
  const list = types.join(',');
  return types.length > 1 ? `;TYPE="${list}"` : `;TYPE=${list}`;
}
