import { describe, expect, it } from 'vitest';
import { comparePersonNames, editDistance, jaroWinkler, personName, personNameKeys } from './similarity.ts';

describe('jaroWinkler', () => {
  it('is 1 for equal strings, 0 for nothing in common, high for a typo', () => {
    expect(jaroWinkler('zhangwei', 'zhangwei')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('', 'a')).toBe(0);
  });
});

describe('editDistance', () => {
  it('counts a swap of neighbours as one edit and stops past the limit', () => {
    expect(editDistance('13812345678', '13812345687')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
  });
});

describe('personName', () => {
  it('splits a Chinese name into surname and given name in pinyin', () => {
    expect(personName('张伟').tokens).toEqual(['zhang', 'wei']);
    expect(personName('张 小明').tokens).toEqual(['zhang', 'xiaoming']);
    expect(personName('欧阳娜娜').tokens).toEqual(['ouyang', 'nana']);
    expect(personName('单田芳').tokens).toEqual(['shan', 'tianfang']);
  });

  it('lower-cases Latin names and drops accents and punctuation', () => {
    expect(personName(' ZHANG Wei ').tokens).toEqual(['zhang', 'wei']);
    expect(personName('Smith, José').tokens).toEqual(['smith', 'jose']);
    expect(personName('Xiao-Ming Zhang').tokens).toEqual(['xiaoming', 'zhang']);
  });

  it('gives block keys in both orders', () => {
    expect(personNameKeys(personName('张伟'))).toEqual(['zhangwei', 'weizhang']);
    expect(personNameKeys(personName('Wei Zhang'))).toContain('zhangwei');
  });
});

describe('comparePersonNames', () => {
  const compare = (a: string, b: string) => comparePersonNames(personName(a), personName(b));

  it('finds 张伟 in every spelling', () => {
    for (const other of ['Zhang Wei', 'zhang wei ', 'ZHANG Wei', 'ZhangWei']) expect(compare('张伟', other), other).toEqual({ similarity: 1, how: 'pinyin' });
    expect(compare('张伟', 'Wei Zhang')).toMatchObject({ how: 'swapped' });
    expect(compare('张伟', 'Wei Zhang').similarity).toBeGreaterThanOrEqual(0.95);
  });

  it('rates typos high and other names low', () => {
    expect(compare('John Smith', 'Jon Smith').similarity).toBeGreaterThan(0.9);
    expect(compare('Xia Lichun', 'Xai Lichun').similarity).toBeGreaterThan(0.8);
    expect(compare('Matrixco A', 'Matrixco B').similarity).toBeLessThan(0.8);
    expect(compare('张伟', '王芳').similarity).toBeLessThan(0.7);
  });

  it('treats homophones in characters as likely, not certain', () => {
    expect(compare('张伟', '张玮')).toEqual({ similarity: 0.9, how: 'pinyin' });
    expect(compare('张伟', '张伟').similarity).toBe(1);
  });

  it('accepts a name missing its given name when the rest agrees', () => {
    expect(compare('Waller', 'Jamilla Wallner').similarity).toBeGreaterThanOrEqual(0.8);
  });
});
