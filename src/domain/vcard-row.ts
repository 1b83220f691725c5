import { components, listValues, unescapeText, type Vcard, type VcardProperty } from './vcard.ts';

/**
 * The columns a vCard file reads as. Several values in one cell are joined by "; "; in Phones and
 * Emails each value carries its label from the card's TYPE ("work fax: +49 221 9999124").
 */
export const VCARD_HEADERS = [
  'Name', 'Family name', 'Given name', 'Nickname', 'Company', 'Department', 'Title', 'Role', 'Gender',
  'Phones', 'Emails', 'Address', 'City', 'Province', 'Postcode', 'Country', 'Birthday', 'Note', 'Website', 'Tags', 'UID',
] as const;
export type VcardHeader = (typeof VCARD_HEADERS)[number];

export const JOIN = '; ';
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

// TYPE words that say nothing a label needs (every TEL is a voice line unless it says otherwise).
const SILENT_TYPES = new Set(['voice', 'internet', 'pref', 'x400', 'msg', 'text', 'dom', 'intl', 'postal', 'parcel']);
const PLACE_TYPES = ['work', 'home', 'main', 'other'];
// What a device may call a mobile.
const MOBILE_TYPES = new Set(['cell', 'mobile', 'iphone', 'cellular']);
/** Labels of phones that are not ordinary phones: callers' numbers are never matched to them first. */
const NOT_DIALLED = /\b(fax|pager)\b/;

/**
 * A point's label from its TYPE values and, for iPhone's grouped `item1.X-ABLabel`, its label:
 * `cell` → mobile, `work,fax` → work fax, `HOME,voice,pref` → home.
 */
export function pointLabel(types: string[], deviceLabel = ''): string {
  // Apple's own labels are CamelCase words in _$!<…>!$_: AssistantPhone → assistant phone, HomeFAX → home fax
  const apple = /^_\$!<(.*)>!\$_$/.exec(deviceLabel);
  const own = (apple ? (apple[1] ?? '').replace(/([a-z])([A-Z])/g, '$1 $2') : deviceLabel).replace(/[;:,]/g, ' ').trim().toLowerCase();
  if (own !== '') return own.slice(0, 40);
  const words = [...new Set(types.map((t) => t.toLowerCase().replace(/^x-/, '')).filter((t) => t !== '' && !SILENT_TYPES.has(t)))];
  const place = words.filter((w) => PLACE_TYPES.includes(w));
  const kind = words.filter((w) => !PLACE_TYPES.includes(w)).map((w) => (MOBILE_TYPES.has(w) ? 'mobile' : w));
  return [...place, ...new Set(kind)].join(' ').replace(/[;:,]/g, ' ').slice(0, 40);
}

/** The TYPE values a label stands for when written back: mobile → cell, work fax → work,fax; other words as they are. */
export function labelTypes(label: string | null, kind: 'phone' | 'email'): string[] {
  if (!label) return [];
  const words = label.toLowerCase().split(/[\s,]+/).filter((w) => /^[a-z0-9-]+$/.test(w));
  return words.map((w) => (kind === 'phone' && MOBILE_TYPES.has(w) ? 'cell' : w));
}

/** One card as one row of VCARD_HEADERS, '' for what the card does not say. */
export function vcardRow(card: Vcard): string[] {
  const row = new Map<VcardHeader, string>();
  const byName = new Map<string, VcardProperty[]>();
  for (const p of card.properties) {
    if (p.isBinary) continue;
    const list = byName.get(p.name);
    if (list) list.push(p);
    else byName.set(p.name, [p]);
  }
  const all = (name: string): VcardProperty[] => byName.get(name) ?? [];
  const first = (name: string): VcardProperty | undefined => preferred(all(name))[0];
  const texts = (name: string): string[] => unique(all(name).map(text).filter((t) => t !== ''));
  const deviceLabel = (p: VcardProperty): string => (p.group === null ? '' : text(all('X-ABLABEL').find((l) => l.group === p.group)));

  const n = first('N');
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = n ? components(n.value).map((c) => c.trim()) : [];
  const org = first('ORG');
  const [company = '', ...departments] = org ? components(org.value).map((c) => c.trim()) : [];
  const fn = first('FN');
  const nicknames = unique(all('NICKNAME').flatMap((p) => listValues(p.value)));

  const phones = preferred(all('TEL'), true).flatMap((tel) => {
    const number = phoneText(tel.value);
    return number === '' ? [] : [labelled(pointLabel(tel.types, deviceLabel(tel)), number)];
  });
  const emailList = preferred(all('EMAIL')).flatMap((e) => {
    const address = text(e).replace(/^mailto:/i, '');
    return address === '' ? [] : [labelled(pointLabel(e.types, deviceLabel(e)), address)];
  });
  const firstEmail = text(first('EMAIL')).replace(/^mailto:/i, '');

  // A card without a name is called what a phone shows for it: its e-mail, company or number.
  const fullName = (fn ? unescapeText(fn.value).trim() : '') || joinName([prefix, given, middle, family, suffix], family, given) || nicknames[0] || firstEmail || company || phoneText(first('TEL')?.value ?? '');
  row.set('Name', fullName);
  row.set('Family name', family);
  row.set('Given name', given);
  row.set('Nickname', nicknames.join(JOIN));
  row.set('Company', company);
  row.set('Department', departments.filter((d) => d !== '').join(JOIN));
  row.set('Title', texts('TITLE').join(JOIN));
  row.set('Role', texts('ROLE').join(JOIN));
  row.set('Gender', gender(text(first('GENDER')) || text(first('X-GENDER'))));
  row.set('Phones', unique(phones).join(JOIN));
  row.set('Emails', unique(emailList).join(JOIN));

  const adr = first('ADR');
  const [poBox = '', extended = '', street = '', city = '', region = '', postcode = '', country = ''] = adr ? components(adr.value).map((c) => c.trim()) : [];
  row.set('Address', [street, extended, poBox].filter((p) => p !== '').join(', '));
  row.set('City', city);
  row.set('Province', region);
  row.set('Postcode', postcode);
  row.set('Country', country);

  row.set('Birthday', birthdayOf(first('BDAY')));
  row.set('Note', all('NOTE').map(text).filter((t) => t !== '').join('\n'));
  row.set('Website', texts('URL').join(JOIN));
  row.set('Tags', unique(all('CATEGORIES').flatMap((c) => listValues(c.value))).join(JOIN));
  row.set('UID', text(first('UID')));
  return VCARD_HEADERS.map((h) => row.get(h) ?? '');
}

const text = (property: VcardProperty | undefined): string => (property ? unescapeText(property.value).trim() : '');

/** "label: value" as the Phones and Emails cells hold it (see splitLabelled in import-mapping). */
const labelled = (label: string, value: string): string => (label === '' ? value : `${label}: ${value}`);

/** Preferred first (PREF, TYPE=pref, lowest PREF=n), then file order; `dialledFirst` puts fax and pager numbers after the others. */
function preferred(properties: VcardProperty[], dialledFirst = false): VcardProperty[] {
  if (properties.length < 2) return properties;
  const rank = (p: VcardProperty): number => {
    const pref = Number(p.params.pref?.[0]);
    const base = Number.isFinite(pref) && pref > 0 ? pref : p.types.includes('pref') ? 1 : 101;
    return base + (dialledFirst && NOT_DIALLED.test(pointLabel(p.types)) ? 1000 : 0);
  };
  return properties.map((p, i) => ({ p, i, r: rank(p) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.p);
}

function joinName(parts: string[], family: string, given: string): string {
  if (family === '' || given === '') return parts.filter((p) => p !== '').join(' ');
  return CJK.test(family + given) ? family + given : parts.filter((p) => p !== '').join(' ');
}

/** vCard 4.0 GENDER (M, F, O) and the X-GENDER some phones write, as kehu's words; others say nothing. */
function gender(value: string): string {
  const sex = value.split(';')[0]?.trim().toLowerCase() ?? '';
  return sex === 'm' || sex === 'male' ? 'male' : sex === 'f' || sex === 'female' ? 'female' : sex === 'o' || sex === 'other' ? 'other' : '';
}

/** tel:+1-418-656-9254;ext=102 → +1-418-656-9254 ext. 102 */
function phoneText(value: string): string {
  const raw = unescapeText(value).trim().replace(/^tel:/i, '');
  const [number = '', ...params] = raw.split(';');
  const ext = params.find((p) => /^ext=/i.test(p));
  return ext ? `${number} ext. ${ext.slice(4)}` : number;
}

/** An iPhone writes a birthday without a year as BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-15. */
function birthdayOf(bday: VcardProperty | undefined): string {
  const date = isoBirthday(text(bday));
  const omitted = bday?.params['x-apple-omit-year']?.[0];
  return omitted !== undefined && date.startsWith(`${omitted}-`) ? `--${date.slice(5)}` : date;
}

/** 19850415 / 1985-04-15 / 1985-04-15T10:00:00Z → 1985-04-15; --0203 (no year) → --02-03. */
export function isoBirthday(value: string): string {
  const v = value.trim();
  let m = /^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$/.exec(v);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^--(\d{2})-?(\d{2})$/.exec(v);
  if (m) return `--${m[1]}-${m[2]}`;
  return v;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
