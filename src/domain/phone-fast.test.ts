import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { normalisePhone, normalisePhoneSlow, phoneSearchKeys, type PhoneResult } from './phone.ts';

/** The search keys as libphonenumber itself formats the number (phone.ts picks the format with its own compiled rules). */
function libraryKeys(e164: string): string[] {
  const number = parsePhoneNumberFromString(e164);
  if (number === undefined) return [];
  const keys = [number.number.slice(1), number.nationalNumber, number.formatNational().replace(/\D/g, '')];
  return [...new Set(keys)].filter((key) => key !== '');
}

// A seeded generator, so that a failure can be reproduced.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function digitsOf(next: () => number, length: number): string {
  let digits = '';
  for (let i = 0; i < length; i++) digits += Math.floor(next() * 10).toString();
  return digits;
}

const wide = (text: string): string => text.replace(/[0-9+()-]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
const groups = (digits: string, sizes: number[], separator: string): string => {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) parts.push(digits.slice(at));
  return parts.filter((part) => part !== '').join(separator);
};

type Case = [raw: string, region: string];

function mobileCases(next: () => number): Case[] {
  const cases: Case[] = [];
  for (let prefix = 1000; prefix <= 1999; prefix++) {
    for (let i = 0; i < (prefix < 1300 ? 1 : 2); i++) {
      const m = `${prefix}${digitsOf(next, 7)}`;
      const spaced = groups(m, [3, 4, 4], ' ');
      cases.push(
        [m, 'CN'],
        [groups(m, [3, 4, 4], '-'), 'CN'],
        [spaced, 'CN'],
        [`+86 ${spaced}`, 'CN'],
        [`+86-${groups(m, [3, 4, 4], '-')}`, 'US'],
        [`(+86) ${m}`, 'CN'],
        [`0086 ${spaced}`, 'CN'],
        [`86${m}`, 'CN'],
        [`86 ${spaced}`, 'CN'],
        [wide(m), 'CN'],
        [`+86${m}`, 'XX'],
        [`+86 0${m}`, 'CN'],
        [`0${m}`, 'CN'],
        [m.slice(0, 10), 'CN'],
        [`${m}${digitsOf(next, 1)}`, 'CN'],
        [`+86 ${m.slice(0, 10)}`, 'CN'],
        [m, 'US'],
      );
    }
  }
  return cases;
}

function landlineCases(next: () => number): Case[] {
  const cases: Case[] = [];
  for (let area = 10; area <= 999; area++) {
    for (const length of [9, 10, 11]) {
      const national = `${area}${digitsOf(next, length - String(area).length)}`;
      const code = String(area);
      cases.push(
        [`0${code} ${national.slice(code.length)}`, 'CN'],
        [`(0${code}) ${groups(national.slice(code.length), [4], ' ')}`, 'CN'],
        [`+86 ${code} ${national.slice(code.length)}`, 'CN'],
        [`+86 (0${code}) ${national.slice(code.length)}`, 'GB'],
        [`0086${national}`, 'CN'],
        [`86${national}`, 'CN'],
        [national, 'CN'],
      );
    }
  }
  return cases;
}

function nanpCases(next: () => number): Case[] {
  const cases: Case[] = [];
  for (let area = 200; area <= 999; area++) {
    for (let i = 0; i < 2; i++) {
      const rest = digitsOf(next, 7);
      cases.push(
        [`+1 (${area}) ${rest.slice(0, 3)}-${rest.slice(3)}`, 'CN'],
        [`+1${area}${rest}`, 'US'],
        [`+1 1 ${area} ${rest}`, 'CN'],
        [`001 ${area} ${rest}`, 'CN'],
        [`1${area}${rest}`, 'CN'],
      );
    }
  }
  return cases;
}

function randomCases(next: () => number): Case[] {
  const starts = ['', '+', '(+', '0', '00', '86', '+86', '0086', '+1', '1', '179', '+86 0', '11', '12'];
  const regions = ['CN', 'CN', 'CN', 'US', 'HK'];
  const cases: Case[] = [];
  for (let i = 0; i < 5000; i++) {
    const start = starts[Math.floor(next() * starts.length)] as string;
    const digits = digitsOf(next, 3 + Math.floor(next() * 12));
    const separator = next() < 0.5 ? ' ' : '-';
    cases.push([`${start}${start.startsWith('(') ? ') ' : ''}${groups(digits, [3, 4], separator)}`, regions[i % regions.length] as string]);
  }
  return cases;
}

function firstDifference(cases: Case[], fast: PhoneResult[], slow: PhoneResult[]): string | undefined {
  const at = cases.findIndex((_, i) => JSON.stringify(fast[i]) !== JSON.stringify(slow[i]));
  return at < 0 ? undefined : `${JSON.stringify(cases[at])}: ${JSON.stringify(fast[at])} vs ${JSON.stringify(slow[at])}`;
}

describe('normalisePhone without the parser for common shapes', () => {
  it.each([
    ['Chinese mobiles, every 4-digit prefix', mobileCases],
    ['Chinese landlines, every area code', landlineCases],
    ['+1 numbers, every area code', nanpCases],
    ['random digits after common prefixes', randomCases],
  ])('gives what libphonenumber gives, with the same search keys: %s', (_, generate) => {
    const cases = generate(random(20261122));
    // Fast first: the slow path remembers what it parsed, which phoneSearchKeys would then reuse.
    const fast = cases.map(([raw, region]) => normalisePhone(raw, region));
    const values = [...new Set(fast.flatMap((result) => (result.ok ? [result.value] : [])))];
    const fastKeys = values.map((value) => phoneSearchKeys(value));
    const slow = cases.map(([raw, region]) => normalisePhoneSlow(raw, region));
    expect(firstDifference(cases, fast, slow)).toBeUndefined();
    const slowKeys = values.map(libraryKeys);
    const keyMismatch = values.findIndex((_, i) => JSON.stringify(fastKeys[i]) !== JSON.stringify(slowKeys[i]));
    expect(keyMismatch < 0 ? undefined : `${values[keyMismatch]}: ${fastKeys[keyMismatch]} vs ${slowKeys[keyMismatch]}`).toBeUndefined();
    // The cases must include both accepted and rejected numbers to mean anything.
    expect(values.length).toBeGreaterThan(cases.length / 100);
    expect(fast.some((result) => !result.ok)).toBe(true);
  });
});
