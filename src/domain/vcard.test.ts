import { describe, expect, it } from 'vitest';
import { components, foldLine, formatVcard, parseVcards, type VcardPerson } from './vcard.ts';
import { VCARD_HEADERS, isoBirthday, vcardRow } from './vcard-row.ts';

const utf8Binary = (text: string): string => String.fromCharCode(...new TextEncoder().encode(text));

function row(card: ReturnType<typeof parseVcards>[number]): Record<string, string> {
  const values = vcardRow(card);
  return Object.fromEntries(VCARD_HEADERS.map((h, i) => [h, values[i]!]).filter(([, v]) => v !== ''));
}

describe('vCard parsing', () => {
  it('reads TYPE in every syntax, groups and escapes', () => {
    const [card] = parseVcards(utf8Binary([
      'BEGIN:VCARD', 'VERSION:3.0', 'FN:A\\, B', 'ORG:X\\;Y;Sales',
      'TEL;TYPE=CELL:1', 'TEL;TYPE=work,voice:2', 'TEL;type=HOME;type=FAX:3', 'item2.TEL;WORK:4',
      'NOTE:line 1\\nline 2 \\\\ end', 'END:VCARD',
    ].join('\n')));
    expect(card!.version).toBe('3.0');
    expect(card!.properties.map((p) => [p.group, p.name, p.types])).toContainEqual(['item2', 'TEL', ['work']]);
    expect(row(card!)).toEqual({
      'Name': 'A, B', 'Company': 'X;Y', 'Department': 'Sales', 'Mobile': '1', 'Work phone': '2; 4', 'Other phones': '3',
      'Note': 'line 1\nline 2 \\ end',
    });
  });

  it('puts the preferred email first and builds a CJK name without a space', () => {
    const [card] = parseVcards(utf8Binary('BEGIN:VCARD\nVERSION:4.0\nN:张;伟;;;\nEMAIL:b@x.cn\nEMAIL;PREF=1:a@x.cn\nEND:VCARD\n'));
    expect(row(card!)).toMatchObject({ 'Name': '张伟', 'Email': 'a@x.cn', 'Other emails': 'b@x.cn' });
  });

  it('splits structured values on unescaped semicolons only', () => {
    expect(components('a\\;b;c\\,d;;e\\\\')).toEqual(['a;b', 'c,d', '', 'e\\']);
  });

  it('writes birthdays as ISO dates', () => {
    expect(isoBirthday('19850415')).toBe('1985-04-15');
    expect(isoBirthday('1985-04-15T00:00:00Z')).toBe('1985-04-15');
    expect(isoBirthday('--0203')).toBe('--02-03');
  });
});

describe('vCard 4.0 formatting', () => {
  const person: VcardPerson = {
    fullName: '北京某某科技有限公司, 张伟',
    familyName: '张',
    givenName: '伟',
    organization: 'Acme; Co.',
    title: 'CEO',
    phones: [{ value: '+8613812345678', types: ['cell'] }, { value: '+862112345678', types: ['work', 'voice'] }],
    emails: [{ value: 'zw@example.cn' }],
    address: { street: '建国路 1 号\n2 楼', city: '北京', region: '北京', postcode: '100000', country: 'CN' },
    birthday: '1990-05-17',
    note: '重要客户；'.repeat(30),
    url: 'https://example.cn',
    categories: ['VIP', 'a,b'],
    uid: 'kehu-customer-1',
  };

  it('folds lines at 75 octets without splitting a character', () => {
    const text = formatVcard(person);
    for (const line of text.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(foldLine('x'.repeat(80))).toBe(`${'x'.repeat(75)}\r\n ${'x'.repeat(5)}`);
  });

  it('re-parses to the same person', () => {
    const [card] = parseVcards(utf8Binary(formatVcard(person)));
    expect(card!.version).toBe('4.0');
    expect(row(card!)).toEqual({
      'Name': person.fullName, 'Family name': '张', 'Given name': '伟', 'Company': 'Acme; Co.', 'Title': 'CEO',
      'Mobile': '+8613812345678', 'Work phone': '+862112345678', 'Email': 'zw@example.cn',
      'Address': '建国路 1 号\n2 楼', 'City': '北京', 'Province': '北京', 'Postcode': '100000', 'Country': 'CN',
      'Birthday': '1990-05-17', 'Note': person.note, 'Website': 'https://example.cn', 'Tags': 'VIP; a,b', 'UID': 'kehu-customer-1',
    });
  });
});
