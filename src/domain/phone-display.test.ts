import { describe, expect, it } from 'vitest';
import { displayPhone } from './phone-display.ts';
import { normalisePhone } from './phone.ts';

describe('displayPhone', () => {
  it('shows local numbers in national format and others in international format, whatever was typed', () => {
    const stored = (typed: string) => {
      const result = normalisePhone(typed, 'CN');
      if (!result.ok) throw new Error(result.reason);
      return result.value;
    };
    expect(displayPhone(stored('１３５８６５４３２１０'), 'CN')).toBe('135 8654 3210');
    expect(displayPhone(stored('+86 138-1234-5678'), 'CN')).toBe('138 1234 5678');
    expect(displayPhone(stored('010 6552 9988'), 'CN')).toBe('010 6552 9988');
    expect(displayPhone(stored('+1 212 555 0100'), 'CN')).toBe('+1 212 555 0100');
    expect(displayPhone(stored('138 1234 5678'), 'US')).toBe('+86 138 1234 5678');
  });

  it('shows what cannot be parsed as stored', () => {
    expect(displayPhone('12', 'CN')).toBe('12');
  });
});
