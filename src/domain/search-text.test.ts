import { describe, expect, it } from 'vitest';
import { buildSearchGrams, buildSearchText, normaliseQuery } from './search-text.ts';

function matches(text: string, query: string): boolean {
  const q = normaliseQuery(query);
  if (q === null) return false;
  return text.includes(q.compact) || (q.digits !== null && text.includes(q.digits));
}

describe('buildSearchText', () => {
  const zhangWei = buildSearchText({
    name: '张伟',
    pinyin: 'zhangwei',
    initials: 'zw',
    phones: ['+8613812345678', '+861065529988'],
    emails: ['Zhang.Wei@Example.com'],
    extra: ['Ａｃｍｅ　Corp.', 'Société Générale'],
  });

  it('joins the folded fields with " | "', () => {
    expect(zhangWei).toBe(
      '张伟 | zhangwei | zw | 8613812345678 | 13812345678 | 861065529988 | 1065529988 | 01065529988 | zhang.wei@example.com | acme corp. | societe generale | acmecorp. | societegenerale',
    );
  });

  it.each(['张伟', 'zhangwei', 'ZW', '138 1234', '010-6552', '+86 138', 'zhang.wei@', 'ACME', 'societe', 'Société'])(
    'is found by %j',
    (query) => {
      expect(matches(zhangWei, query)).toBe(true);
    },
  );

  it('does not let a query run across two fields', () => {
    expect(matches(zhangWei, 'zhangweizw')).toBe(false);
    expect(matches(zhangWei, 'corp. societe')).toBe(false);
  });

  it('adds the name without spaces so it can be typed compactly', () => {
    const text = buildSearchText({ name: ' José  Müller ', pinyin: 'josemuller', initials: 'jm' });
    expect(text).toBe('jose muller | josemuller | jm');
    expect(matches(text, 'josemul')).toBe(true);
    expect(matches(text, 'Jose Muller')).toBe(true);
  });

  it('finds a name entered with a space when the query has none', () => {
    const text = buildSearchText({ name: '李 娜', pinyin: 'lina', initials: 'ln' });
    expect(text).toBe('李 娜 | 李娜 | lina | ln');
    expect(matches(text, '李娜')).toBe(true);
    expect(matches(buildSearchText({ name: '김 민준', pinyin: '', initials: '' }), '김민준')).toBe(true);
  });

  it('lower-cases Latin letters next to Chinese ones', () => {
    expect(buildSearchText({ name: '重庆 ACME', pinyin: 'chongqingacme', initials: 'cqa' })).toBe('重庆 acme | 重庆acme | chongqingacme | cqa');
  });

  it('skips empty fields', () => {
    expect(buildSearchText({ name: 'Acme', pinyin: 'acme', initials: 'a', phones: [], emails: [''], extra: [' '] })).toBe(
      'acme | a',
    );
  });
});

describe('normaliseQuery', () => {
  it('is null for nothing to search for', () => {
    expect(normaliseQuery('')).toBeNull();
    expect(normaliseQuery(' \u3000\t')).toBeNull();
  });

  it('folds case, width, accents and whitespace', () => {
    expect(normaliseQuery('  Ｚｈａｎｇ \u3000 Wéi ')).toEqual({ text: 'zhang wei', compact: 'zhangwei', digits: null, isShort: false, gram: null });
  });

  it('extracts phone digits', () => {
    expect(normaliseQuery('１３８-1234')).toEqual({ text: '138-1234', compact: '138-1234', digits: '1381234', isShort: false, gram: null });
    expect(normaliseQuery('+86 138')?.digits).toBe('86138');
  });

  it('marks queries a trigram index cannot serve', () => {
    expect(normaliseQuery('张伟')?.isShort).toBe(true);
    expect(normaliseQuery('z w')?.isShort).toBe(true);
    expect(normaliseQuery('zwx')?.isShort).toBe(false);
    expect(normaliseQuery('张小伟')?.isShort).toBe(false);
    expect(normaliseQuery('𠀀𠀀𠀀')?.isShort).toBe(false);
  });
});

describe('buildSearchGrams', () => {
  it('holds every CJK character and neighbouring pair, and nothing of other scripts', () => {
    expect(buildSearchGrams('北京星辰 | beijingxingchen | bjxc | 8613812345678')).toBe('北 北京 京 京星 星 星辰 辰');
    expect(buildSearchGrams('zhang wei | zw')).toBe('');
  });

  it('does not pair characters across fields or scripts, and lists each gram once', () => {
    expect(buildSearchGrams('张伟 | 星辰科技 | acme张')).toBe('张 张伟 伟 星 星辰 辰 辰科 科 科技 技');
  });

  it('gives a one- or two-character CJK query its gram, and no other', () => {
    expect(normaliseQuery(' 星辰 ')?.gram).toBe('星辰');
    expect(normaliseQuery('科')?.gram).toBe('科');
    expect(normaliseQuery('星辰科')?.gram).toBeNull();
    expect(normaliseQuery('zw')?.gram).toBeNull();
    expect(normaliseQuery('张w')?.gram).toBeNull();
  });
});
