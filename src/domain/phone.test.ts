import { describe, expect, it } from 'vitest';
import { normalisePhone, phoneQueryDigits, phoneSearchKeys } from './phone.ts';

describe('normalisePhone', () => {
  it.each([
    ['+86 138 1234 5678', '+8613812345678'],
    ['0086 13812345678', '+8613812345678'],
    ['138-1234-5678', '+8613812345678'],
    ['(010) 6552 9988', '+861065529988'],
    ['+1 (415) 555-2671', '+14155552671'],
    ['１３８１２３４５６７８', '+8613812345678'],
    ['＋８６（０１０）６５５２９９８８', '+861065529988'],
    ['  138 1234 5678\u3000', '+8613812345678'],
  ])('reads %s as %s with default region CN', (raw, value) => {
    expect(normalisePhone(raw, 'CN')).toEqual({ ok: true, value, raw });
  });

  it('applies the default region to national numbers only', () => {
    expect(normalisePhone('(415) 555-2671', 'US')).toMatchObject({ ok: true, value: '+14155552671' });
    expect(normalisePhone('020 7946 0958', 'GB')).toMatchObject({ ok: true, value: '+442079460958' });
    expect(normalisePhone('+86 138 1234 5678', 'US')).toMatchObject({ ok: true, value: '+8613812345678' });
  });

  it('accepts a region code in lower case', () => {
    expect(normalisePhone('138 1234 5678', 'cn')).toMatchObject({ ok: true, value: '+8613812345678' });
  });

  it('treats a leading 00 as the international prefix even where it is not the local one', () => {
    expect(normalisePhone('0086 13812345678', 'US')).toMatchObject({ ok: true, value: '+8613812345678' });
  });

  it.each([
    ['abc', 'contains letters'],
    ['123', 'too short'],
    ['', 'empty'],
    ['   ', 'empty'],
    ['---', 'no digits'],
    ['+86 12', 'too short'],
    ['13812345678999999', 'too long'],
    ['1'.repeat(300), 'too long'],
    ['+86 123 4567 8901', 'not a valid phone number for region CN'],
    ['+999 12345678', 'unknown country code'],
  ])('rejects %j: %s', (raw, reason) => {
    expect(normalisePhone(raw, 'CN')).toEqual({ ok: false, raw, reason });
  });

  it.each([
    ['+1-418-656-9254;ext=102', '+14186569254;ext=102'],
    ['+1 418 656 9254 ext. 102', '+14186569254;ext=102'],
    ['+1 415 555 2671#12', '+14155552671;ext=12'],
    ['(010) 6552 9988 转 8012', '+861065529988;ext=8012'],
    ['010-65529988 分机 8', '+861065529988;ext=8'],
  ])('keeps the extension of %j with the number', (raw, value) => {
    expect(normalisePhone(raw, 'CN')).toEqual({ ok: true, value, raw });
  });

  it('keeps no extension with a bad number, and gives search keys of the number itself', () => {
    expect(normalisePhone('123 ext. 4', 'CN')).toEqual({ ok: false, raw: '123 ext. 4', reason: 'too short' });
    expect(phoneSearchKeys('+861065529988;ext=8012')).toEqual(phoneSearchKeys('+861065529988'));
  });

  it('rejects numbers in unallocated ranges, not just wrong lengths', () => {
    expect(normalisePhone('12345678901', 'CN').ok).toBe(false);
    expect(normalisePhone('+1 555 555 0100', 'US')).toMatchObject({ ok: false, reason: 'not a valid phone number for country code +1' });
  });

  it('names the problem when the default region is unknown', () => {
    expect(normalisePhone('13812345678', 'XX')).toMatchObject({ ok: false, reason: expect.stringContaining('unknown default region "XX"') });
    expect(normalisePhone('+86 138 1234 5678', 'XX')).toMatchObject({ ok: true, value: '+8613812345678' });
  });

  it('never throws on hostile input', () => {
    expect(normalisePhone(undefined as unknown as string, 'CN')).toMatchObject({ ok: false });
    expect(normalisePhone('+'.repeat(1000), 'CN')).toMatchObject({ ok: false });
  });
});

describe('phoneSearchKeys', () => {
  it('holds the international digits and the national number of a mobile', () => {
    expect(phoneSearchKeys('+8613812345678')).toEqual(['8613812345678', '13812345678']);
  });

  it('adds the national form with trunk 0 for a landline', () => {
    expect(phoneSearchKeys('+861065529988')).toEqual(['861065529988', '1065529988', '01065529988']);
    expect(phoneSearchKeys('+442079460958')).toContain('02079460958');
  });

  it('has no trunk form where the country has none', () => {
    expect(phoneSearchKeys('+14155552671')).toEqual(['14155552671', '4155552671']);
  });

  it('lets a typed fragment of the number match one of the keys', () => {
    const keys = phoneSearchKeys('+861065529988');
    for (const fragment of ['010-6552', '6552 9988', '+86 10 6552', '1065529988']) {
      const digits = phoneQueryDigits(fragment) as string;
      expect(keys.some((key) => key.includes(digits)), fragment).toBe(true);
    }
  });

  it('returns nothing for text with no digits', () => {
    expect(phoneSearchKeys('')).toEqual([]);
    expect(phoneSearchKeys('garbage')).toEqual([]);
  });
});

describe('phoneQueryDigits', () => {
  it.each([
    ['1234 5678', '12345678'],
    ['138-1234', '1381234'],
    ['+86 138', '86138'],
    ['0086 138', '86138'],
    ['(010) 6552', '0106552'],
    ['１３８', '138'],
    ['138.1234', '1381234'],
    ['138–1234', '1381234'],
  ])('reads %j as %s', (query, digits) => {
    expect(phoneQueryDigits(query)).toBe(digits);
  });

  it.each(['zhang', '12', '', '+', '1+2', '138 abc', '张伟138'])('is null for %j', (query) => {
    expect(phoneQueryDigits(query)).toBeNull();
  });
});
