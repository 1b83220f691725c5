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
      'Name': 'A, B', 'Company': 'X;Y', 'Department': 'Sales', 'Phones': 'mobile: 1; work: 2; work: 4; home fax: 3',
      'Note': 'line 1\nline 2 \\ end',
    });
  });

  it('puts the preferred email first and builds a CJK name without a space', () => {
    const [card] = parseVcards(utf8Binary('BEGIN:VCARD\nVERSION:4.0\nN:张;伟;;;\nEMAIL:b@x.cn\nEMAIL;PREF=1:a@x.cn\nEND:VCARD\n'));
    expect(row(card!)).toMatchObject({ 'Name': '张伟', 'Emails': 'a@x.cn; b@x.cn' });
  });

  it('labels every TEL and EMAIL type, fax and pager last, and names a card without a name', () => {
    const cards = parseVcards(utf8Binary([
      'BEGIN:VCARD', 'VERSION:3.0', 'TEL;TYPE=HOME,FAX:1', 'TEL;TYPE=PAGER:2', 'TEL;TYPE=CELL,VOICE:3', 'item1.TEL:4', 'item1.X-ABLabel:_$!<Assistant>!$_',
      'EMAIL;TYPE=INTERNET,WORK:w@x.cn', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:4.0', 'ORG:IBM', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:4.0', 'TEL;VALUE=uri:tel:+1-418-656-9254;ext=102', 'END:VCARD',
    ].join('\r\n')));
    expect(row(cards[0]!)).toEqual({ 'Name': 'w@x.cn', 'Phones': 'mobile: 3; assistant: 4; home fax: 1; pager: 2', 'Emails': 'work: w@x.cn' });
    expect(row(cards[1]!)).toEqual({ 'Name': 'IBM', 'Company': 'IBM' });
    const [apple] = parseVcards(utf8Binary('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-04-15\r\nEND:VCARD\r\n'));
    expect(row(apple!)).toEqual({ 'Name': 'A', 'Birthday': '--04-15' });
    expect(row(cards[2]!)).toEqual({ 'Name': '+1-418-656-9254 ext. 102', 'Phones': '+1-418-656-9254 ext. 102' });
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
    titles: ['CEO', 'Founder'],
    phones: [{ value: '+8613812345678', types: ['cell'] }, { value: '+862112345678', types: ['work', 'voice'] }, { value: '+861065529988;ext=8012', types: ['work', 'fax'] }, { value: '+861065529989', label: '总机' }],
    emails: [{ value: 'zw@example.cn' }],
    address: { street: '建国路 1 号\n2 楼', city: '北京', region: '北京', postcode: '100000', country: 'CN' },
    birthday: '--05-17',
    note: '重要客户；'.repeat(30),
    urls: ['https://example.cn'],
    nicknames: ['小张'],
    departments: ['销售部', '华北区'],
    roles: ['采购决策人'],
    gender: 'male',
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
      'Name': person.fullName, 'Family name': '张', 'Given name': '伟', 'Nickname': '小张', 'Company': 'Acme; Co.', 'Department': '销售部; 华北区',
      'Title': 'CEO; Founder', 'Role': '采购决策人', 'Gender': 'male',
      'Phones': 'mobile: +8613812345678; work: +862112345678; 总机: +861065529989; work fax: +861065529988 ext. 8012', 'Emails': 'zw@example.cn',
      'Address': '建国路 1 号\n2 楼', 'City': '北京', 'Province': '北京', 'Postcode': '100000', 'Country': 'CN',
      'Birthday': '--05-17', 'Note': person.note, 'Website': 'https://example.cn', 'Tags': 'VIP; a,b', 'UID': 'kehu-customer-1',
    });
    expect(formatVcard(person)).toContain('\r\nBDAY:--0517\r\n');
    expect(formatVcard(person)).toContain('\r\nTEL;TYPE="work,fax";VALUE=uri:tel:+861065529988;ext=8012\r\n');
  });
});
