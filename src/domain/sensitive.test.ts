import { describe, expect, it } from 'vitest';
import { mask, normaliseBankAccount, normaliseIdNumber } from './sensitive.ts';

describe('sensitive values', () => {
  it('normalises an ID-card number and checks the Chinese check digit', () => {
    expect(normaliseIdNumber(' 110105 1949 1231 002x ')).toEqual({ value: '11010519491231002X' });
    expect(normaliseIdNumber('110105194912310021')).toEqual({ error: expect.stringMatching(/check digit/), code: 'sensitive.id_check_digit' });
    expect(normaliseIdNumber('E1234567')).toEqual({ value: 'E1234567' });
    expect(normaliseIdNumber('ab')).toEqual({ error: expect.stringMatching(/4–30/), code: 'sensitive.id_form' });
  });

  it('accepts bank accounts of 6–34 letters or digits', () => {
    expect(normaliseBankAccount('6222 0202 0011')).toEqual({ value: '622202020011' });
    expect(normaliseBankAccount('12345')).toEqual({ error: 'must be 6–34 letters or digits', code: 'sensitive.bank_form' });
  });

  it('masks all but the first and last four characters', () => {
    expect(mask('11010519491231002X')).toBe('1101**********002X');
    expect(mask('E1234567')).toBe('E1****67');
  });
});
