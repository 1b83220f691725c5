import { components, listValues, unescapeText, type Vcard, type VcardProperty } from './vcard.ts';

/** The columns a vCard file reads as; several values in one cell are joined by "; ". */
export const VCARD_HEADERS = [
  'Name', 'Family name', 'Given name', 'Company', 'Department', 'Title',
  'Mobile', 'Phone', 'Work phone', 'Other phones', 'Email', 'Other emails',
  'Address', 'City', 'Province', 'Postcode', 'Country', 'Birthday', 'Note', 'Website', 'Tags', 'UID',
] as const;
export type VcardHeader = (typeof VCARD_HEADERS)[number];

const JOIN = '; ';
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const MOBILE_TYPES = new Set(['cell', 'mobile', 'iphone']);
const OTHER_PHONE_TYPES = new Set(['fax', 'pager', 'modem', 'car', 'isdn', 'bbs', 'video', 'textphone']);

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

  const n = first('N');
  const [family = '', given = ''] = n ? components(n.value).map((c) => c.trim()) : [];
  const org = first('ORG');
  const [company = '', ...departments] = org ? components(org.value).map((c) => c.trim()) : [];
  const fn = first('FN');
  const fullName = (fn ? unescapeText(fn.value).trim() : '') || joinName(family, given) || company;
  row.set('Name', fullName);
  row.set('Family name', family);
  row.set('Given name', given);
  row.set('Company', company);
  row.set('Department', departments.filter((d) => d !== '').join(JOIN));
  row.set('Title', text(first('TITLE')));

  const phones = { mobile: [] as string[], work: [] as string[], phone: [] as string[], other: [] as string[] };
  for (const tel of preferred(all('TEL'))) {
    const number = phoneText(tel.value);
    if (number === '') continue;
    const types = tel.types;
    if (types.some((t) => MOBILE_TYPES.has(t))) phones.mobile.push(number);
    else if (types.some((t) => OTHER_PHONE_TYPES.has(t) || t.startsWith('x-'))) phones.other.push(number);
    else if (types.includes('work')) phones.work.push(number);
    else phones.phone.push(number);
  }
  row.set('Mobile', unique(phones.mobile).join(JOIN));
  row.set('Phone', unique(phones.phone).join(JOIN));
  row.set('Work phone', unique(phones.work).join(JOIN));
  row.set('Other phones', unique(phones.other).join(JOIN));

  const emails = unique(preferred(all('EMAIL')).map((e) => text(e).replace(/^mailto:/i, '')).filter((e) => e !== ''));
  row.set('Email', emails[0] ?? '');
  row.set('Other emails', emails.slice(1).join(JOIN));

  const adr = first('ADR');
  const [poBox = '', extended = '', street = '', city = '', region = '', postcode = '', country = ''] = adr ? components(adr.value).map((c) => c.trim()) : [];
  row.set('Address', [street, extended, poBox].filter((p) => p !== '').join(', '));
  row.set('City', city);
  row.set('Province', region);
  row.set('Postcode', postcode);
  row.set('Country', country);

  row.set('Birthday', isoBirthday(text(first('BDAY'))));
  row.set('Note', all('NOTE').map(text).filter((t) => t !== '').join('\n'));
  row.set('Website', unique(all('URL').map(text).filter((t) => t !== '')).join(JOIN));
  row.set('Tags', unique(all('CATEGORIES').flatMap((c) => listValues(c.value))).join(JOIN));
  row.set('UID', text(first('UID')));
  return VCARD_HEADERS.map((h) => row.get(h) ?? '');
}

const text = (property: VcardProperty | undefined): string => (property ? unescapeText(property.value).trim() : '');

/** Preferred first (PREF, TYPE=pref, lowest PREF=n), otherwise file order. */
function preferred(properties: VcardProperty[]): VcardProperty[] {
  if (properties.length < 2) return properties;
  const rank = (p: VcardProperty): number => {
    const pref = Number(p.params.pref?.[0]);
    if (Number.isFinite(pref) && pref > 0) return pref;
    return p.types.includes('pref') ? 1 : 101;
  };
  return properties.map((p, i) => ({ p, i, r: rank(p) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.p);
}

function joinName(family: string, given: string): string {
  if (family === '' || given === '') return family || given;
  return CJK.test(family + given) ? family + given : `${given} ${family}`;
}

/** tel:+1-418-656-9254;ext=102 → +1-418-656-9254 ext. 102 */
function phoneText(value: string): string {
  const raw = unescapeText(value).trim().replace(/^tel:/i, '');
  const [number = '', ...params] = raw.split(';');
  const ext = params.find((p) => /^ext=/i.test(p));
  return ext ? `${number} ext. ${ext.slice(4)}` : number;
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
