import { describe, expect, it } from 'vitest';
import { nextBirthday, reportWindow } from './report.ts';

describe('reportWindow', () => {
  it('covers the 12 months up to now, starting the oldest at midnight in the viewer’s zone', () => {
    const w = reportWindow(new Date('2026-01-15T08:00:00Z'));
    expect(w.months[0]).toBe('2025-02');
    expect(w.months.at(-1)).toBe('2026-01');
    expect(w.from).toBe('2025-02-01T00:00:00.000Z');
    expect(w.tomorrowStart).toBe('2026-01-16T00:00:00.000Z');
  });

  it('crosses into the next day and month east of UTC', () => {
    const w = reportWindow(new Date('2026-03-31T20:00:00Z'), 480);
    expect(w.today).toBe('2026-04-01');
    expect(w.months.at(-1)).toBe('2026-04');
    expect(w.from).toBe('2025-04-30T16:00:00.000Z');
    expect(w.todayStart).toBe('2026-03-31T16:00:00.000Z');
    expect(w.tomorrowStart).toBe('2026-04-01T16:00:00.000Z');
  });

  it('goes back a day west of UTC', () => {
    expect(reportWindow(new Date('2026-01-01T03:00:00Z'), -300).today).toBe('2025-12-31');
  });
});

describe('nextBirthday', () => {
  it('is today, later this year, or next year', () => {
    expect(nextBirthday('1990-04-02', '2026-04-02')).toEqual({ date: '2026-04-02', inDays: 0 });
    expect(nextBirthday('1990-04-07', '2026-03-31')).toEqual({ date: '2026-04-07', inDays: 7 });
    expect(nextBirthday('1990-01-02', '2026-12-30')).toEqual({ date: '2027-01-02', inDays: 3 });
  });

  it('keeps a 29 February birthday on 28 February outside leap years', () => {
    expect(nextBirthday('2000-02-29', '2026-02-25')).toEqual({ date: '2026-02-28', inDays: 3 });
    expect(nextBirthday('2000-02-29', '2028-02-25')).toEqual({ date: '2028-02-29', inDays: 4 });
  });
});
