import { describe, expect, it } from 'vitest';
import { abcClasses, abcCurve } from './abc.ts';
import { analysisWindow } from './analysis-window.ts';
import { churnReason, span } from './churn-reason.ts';
import { buildCohorts } from './cohorts.ts';
import { localDay } from './order-stats.ts';
import { quintileScores, rfmGroup } from './rfm.ts';

describe('RFM scoring', () => {
  it('scores by rank in fifths: lowest 1, highest 5, ties share a score, with the value that earns each score', () => {
    expect(quintileScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ scores: [1, 1, 2, 2, 3, 3, 4, 4, 5, 5], thresholds: [3, 5, 7, 9] });
    const frequency = quintileScores([1, 1, 1, 1, 1, 1, 1, 2, 2, 5]);
    expect(frequency.scores).toEqual([1, 1, 1, 1, 1, 1, 1, 4, 4, 5]);
    expect(frequency.thresholds).toEqual([2, 2, 2, 5]);
    expect(quintileScores([10, 20]).scores).toEqual([1, 5]);
    expect(quintileScores([7]).scores).toEqual([3]);
    expect(quintileScores([4, 4, 4]).scores).toEqual([1, 1, 1]);
    expect(quintileScores([]).thresholds).toEqual([null, null, null, null]);
  });

  it('gives each value 1 + ⌊5 × (share of the others strictly below)⌋, as counting them one by one does', () => {
    let seed = 7;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    for (const size of [2, 3, 5, 6, 11, 40, 257]) {
      const values = Array.from({ length: size }, (_, i) => (i % 4 === 0 ? -0 : Math.floor(next() * (size / 3)) - 2));
      const counted = values.map((v) => Math.min(5, 1 + Math.floor((5 * values.filter((w) => w < v).length) / (size - 1))));
      const { scores, thresholds } = quintileScores(values);
      expect(scores).toEqual(counted);
      const smallest = [2, 3, 4, 5].map((k) => {
        const earning = values.filter((_, i) => (counted[i] as number) >= k);
        return earning.length === 0 ? null : Math.min(...earning);
      });
      expect(thresholds.map((t) => (t === null ? null : t + 0))).toEqual(smallest.map((t) => (t === null ? null : t + 0)));
    }
  });

  it('names the groups of the usual map', () => {
    expect(rfmGroup(5, 5, 5)).toBe('champions');
    expect(rfmGroup(5, 1, 1)).toBe('new_customers');
    expect(rfmGroup(4, 1, 1)).toBe('promising');
    expect(rfmGroup(3, 3, 3)).toBe('need_attention');
    expect(rfmGroup(3, 1, 2)).toBe('about_to_sleep');
    expect(rfmGroup(1, 5, 5)).toBe('cannot_lose');
    expect(rfmGroup(2, 3, 4)).toBe('at_risk');
    expect(rfmGroup(2, 1, 1)).toBe('hibernating');
    expect(rfmGroup(1, 1, 2)).toBe('lost');
    expect(rfmGroup(4, 4, 5)).toBe('loyal');
  });
});

describe('local days', () => {
  it('reads a stored instant’s day at any offset as Date.parse does, other forms included', () => {
    const instants = ['1969-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z', '2000-02-29T16:00:00.000Z', '2024-12-31T15:59:59.999Z', '2026-03-01T00:30:00.000Z', '1899-03-01T12:00:00.000Z', '2026-03-31T04:00:00Z', '2026-03-31T12:00:00+08:00'];
    for (let t = -4e12; t < 5e12; t += 7_777_777_777) instants.push(new Date(t).toISOString());
    for (const instant of instants) {
      for (const offset of [-720, -1, 0, 1, 330, 480, 840]) expect(localDay(instant, offset)).toBe(Math.floor((Date.parse(instant) + offset * 60_000) / 86_400_000));
    }
  });
});

describe('ABC classes', () => {
  it('A takes the customers making the first 80 % of revenue (the one crossing the line included), B the next 15 %, C the rest and those without revenue', () => {
    expect(abcClasses([50, 25, 10, 6, 5, 4, 0], { a: 0.8, b: 0.95 })).toEqual(['A', 'A', 'A', 'B', 'B', 'C', 'C']);
    expect(abcClasses([], { a: 0.8, b: 0.95 })).toEqual([]);
  });

  it('the curve starts at 0, ends at 1 and has at most 101 points', () => {
    const revenues = Array.from({ length: 10_000 }, (_, i) => 10_000 - i);
    const curve = abcCurve(revenues);
    expect(curve[0]).toEqual({ customers: 0, revenue: 0 });
    expect(curve.at(-1)).toEqual({ customers: 1, revenue: 1 });
    expect(curve.length).toBeLessThanOrEqual(101);
    expect(abcCurve([3, 1])).toEqual([{ customers: 0, revenue: 0 }, { customers: 0.5, revenue: 0.75 }, { customers: 1, revenue: 1 }]);
  });
});

describe('cohorts', () => {
  it('groups customers by their first month and counts who ordered in each later month', () => {
    const rows = buildCohorts([['2026-01', '2026-03'], ['2026-01', '2026-02'], ['2026-02'], ['2026-04']], '2026-03', null);
    expect(rows).toEqual([
      { month: '2026-01', customers: 2, active: [2, 1, 1] },
      { month: '2026-02', customers: 1, active: [1, 0] },
    ]);
  });
});

describe('churn reasons', () => {
  it('say how long ago and how often, in both languages', () => {
    expect(churnReason({ daysSinceLast: 213, repeatPurchases: 4, usualGapDays: 42 })).toEqual({
      en: 'last purchase 7 months ago, usually buys every 6 weeks (5× the usual gap)',
      zh: '最近一次购买在7个月前，通常每6周购买一次（已是平常间隔的5倍）',
    });
    expect(churnReason({ daysSinceLast: 10, repeatPurchases: 0, usualGapDays: null }).en).toBe('one purchase, 10 days ago; too little history to judge');
    expect(span(800)).toEqual({ en: '2.2 years', zh: '2.2年' });
  });
});

describe('the analysis window', () => {
  const now = new Date('2026-03-31T20:00:00Z'); // already 1 April at UTC+08:00

  it('defaults to all history up to today, at the analytics offset', () => {
    const errors: never[] = [];
    expect(analysisWindow({}, now, 480, errors)).toMatchObject({ asOf: '2026-04-01', from: null, to: '2026-04-01', endInstant: '2026-04-01T16:00:00.000Z' });
    expect(errors).toEqual([]);
  });

  it('caps `to` at `asOf` and names bad dates', () => {
    const errors: Array<{ field: string; message: string }> = [];
    expect(analysisWindow({ from: '2026-01-01', to: '2026-12-31', asOf: '2026-02-10' }, now, 0, errors)).toMatchObject({ to: '2026-02-10', fromInstant: '2026-01-01T00:00:00.000Z' });
    analysisWindow({ from: '2026-02-30', asOf: 'yesterday' }, now, 0, errors);
    expect(errors.map((e) => e.field)).toEqual(['from', 'asOf']);
    const late: Array<{ field: string; message: string }> = [];
    analysisWindow({ from: '2026-05-01', asOf: '2026-04-01' }, now, 0, late);
    expect(late).toEqual([{ field: 'from', message: 'must not be after 2026-04-01 (the end of the period)', code: 'field.after_period_end', params: { date: '2026-04-01' } }]);
  });

  it('stands on a day at most a year ahead (each day asked for may cost a fit of the purchase model)', () => {
    const ahead: Array<{ field: string; message: string }> = [];
    analysisWindow({ asOf: '2027-04-02' }, now, 480, ahead);
    expect(ahead).toEqual([]);
    analysisWindow({ asOf: '2999-01-01' }, now, 480, ahead);
    expect(ahead).toEqual([{ field: 'asOf', message: 'must not be after 2027-04-02 (a year from today)', code: 'field.as_of_too_late', params: { date: '2027-04-02' } }]);
  });
});
