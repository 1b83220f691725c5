import { describe, expect, it } from 'vitest';
import { normaliseEmail } from './email.ts';

describe('normaliseEmail', () => {
  it('trims and lower-cases the whole address', () => {
    const raw = '  Zhang.Wei@Example.COM ';
    expect(normaliseEmail(raw)).toEqual({ ok: true, value: 'zhang.wei@example.com', raw });
  });

  it('folds full-width characters and ideographic full stops', () => {
    expect(normaliseEmail('ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ')).toMatchObject({ ok: true, value: 'zhang@example.com' });
    expect(normaliseEmail('wei@qq。com')).toMatchObject({ ok: true, value: 'wei@qq.com' });
  });

  it.each(['first+tag@sub.example.co.uk', "o'brien@example.ie", 'jose@münchen.de', '用户@例子.广告', 'a@xn--mnchen-3ya.de'])(
    'accepts %s',
    (raw) => {
      expect(normaliseEmail(raw)).toMatchObject({ ok: true, value: raw });
    },
  );

  it.each([
    ['', 'empty'],
    ['abc', 'missing @'],
    ['a b@c.com', 'contains spaces'],
    ['a@b@c.com', 'more than one @'],
    ['@b.com', 'nothing before @'],
    ['a@', 'nothing after @'],
    ['a@b', 'domain has no dot'],
    ['a@localhost', 'domain has no dot'],
    ['a@b..com', 'domain has an empty part (two dots, or a dot at the start or end)'],
    ['a@b.com.', 'domain has an empty part (two dots, or a dot at the start or end)'],
    ['a@-b.com', 'domain may only contain letters, digits and inner hyphens'],
    ['a@b_c.com', 'domain may only contain letters, digits and inner hyphens'],
    ['a@1.2.3.4', 'domain ends in a number'],
    ['.a@b.com', 'part before @ has a dot at the start, at the end or twice in a row'],
    ['a..b@b.com', 'part before @ has a dot at the start, at the end or twice in a row'],
    ['a(b)@b.com', 'part before @ contains a character that is not allowed'],
    [`${'x'.repeat(65)}@b.com`, 'part before @ is too long'],
    [`a@${'b'.repeat(64)}.com`, 'domain has a part longer than 63 characters'],
    [`a@${`${'b'.repeat(60)}.`.repeat(5)}com`, 'too long'],
  ])('rejects %j: %s', (raw, reason) => {
    expect(normaliseEmail(raw)).toEqual({ ok: false, raw, reason });
  });

  it('accepts the longest allowed parts', () => {
    expect(normaliseEmail(`${'x'.repeat(64)}@b.com`).ok).toBe(true);
    expect(normaliseEmail(`a@${'b'.repeat(63)}.com`).ok).toBe(true);
  });

  it('never throws on hostile input', () => {
    expect(normaliseEmail(`${'@'.repeat(10_000)}`)).toMatchObject({ ok: false, reason: 'more than one @' });
    expect(normaliseEmail(undefined as unknown as string)).toMatchObject({ ok: false, reason: 'empty' });
  });
});
