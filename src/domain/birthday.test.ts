import { describe, expect, it } from 'vitest';
import { birthdayMonthDay, birthdayProblem, hasBirthYear } from './birthday.ts';
import { parseBirthday } from './import-mapping.ts';

describe('birthdays with or without their year', () => {
  it.each([
    ['1985-04-15', null],
    ['--02-29', null],
    ['--12-31', null],
    ['2000-02-29', null],
    ['1999-02-29', 'not a real date'],
    ['--02-30', 'not a real day'],
    ['--00-10', 'not a real day'],
    ['2026-01-16', 'in the future'],
    ['04-15', 'must be a date'],
    ['--0415', 'must be a date'],
  ])('%s → %s', (birthday, problem) => {
    const found = birthdayProblem(birthday, '2026-01-15');
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });

  it('reads the day of the year and whether the year is known', () => {
    expect(birthdayMonthDay('1985-04-15')).toBe('04-15');
    expect(birthdayMonthDay('--04-15')).toBe('04-15');
    expect(hasBirthYear('1985-04-15')).toBe(true);
    expect(hasBirthYear('--04-15')).toBe(false);
  });

  it.each([
    ['1985-04-15', '1985-04-15'],
    ['1985/4/5', '1985-04-05'],
    ['1985年4月5日', '1985-04-05'],
    ['19850405', '1985-04-05'],
    ['4月15日', '--04-15'],
    ['４月１５日', '--04-15'],
    ['04-15', '--04-15'],
    ['--04-15', '--04-15'],
    ['--0415', '--04-15'],
    ['2月29日', '--02-29'],
    ['2月30日', null],
    ['13-01', null],
    ['soon', null],
  ])('reads the cell %s as %s', (cell, birthday) => {
    expect(parseBirthday(cell)).toBe(birthday);
  });
});
