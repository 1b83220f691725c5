import { describe, expect, it } from 'vitest';
import { nameKeys } from './pinyin.ts';

const person = { isPerson: true };
const company = { isPerson: false };

describe('nameKeys', () => {
  it('gives toneless pinyin without spaces and the first letter of each syllable', () => {
    expect(nameKeys('张伟', person)).toEqual({ pinyin: 'zhangwei', initials: 'zw' });
  });

  it.each([
    ['单田芳', 'shantianfang', 'stf'],
    ['曾小明', 'zengxiaoming', 'zxm'],
    ['解', 'xie', 'x'],
    ['朴', 'piao', 'p'],
    ['欧阳娜娜', 'ouyangnana', 'oynn'],
  ])('reads %s with its surname pronunciation for a person', (name, pinyin, initials) => {
    expect(nameKeys(name, person)).toEqual({ pinyin, initials });
  });

  it('does not use surname readings for companies', () => {
    expect(nameKeys('单位', company).pinyin).toBe('danwei');
    expect(nameKeys('曾经', company).pinyin).toBe('cengjing');
  });

  it('uses surname mode only for the leading characters of a person name', () => {
    expect(nameKeys('单田芳 单位', person).pinyin).toBe('shantianfangdanwei');
  });

  it('picks polyphone readings from context', () => {
    expect(nameKeys('重庆银行', company)).toEqual({ pinyin: 'chongqingyinhang', initials: 'cqyh' });
  });

  it('writes ü as v, as pinyin keyboards do', () => {
    expect(nameKeys('吕小红', person).pinyin).toBe('lvxiaohong');
  });

  it('lower-cases Latin names and takes the first letter of each word', () => {
    expect(nameKeys('Zhang Wei', person)).toEqual({ pinyin: 'zhangwei', initials: 'zw' });
  });

  it('keeps only letters and digits', () => {
    expect(nameKeys('Acme Corp.', company)).toEqual({ pinyin: 'acmecorp', initials: 'ac' });
    expect(nameKeys("O'Brien & Sons", company)).toEqual({ pinyin: 'obriensons', initials: 'os' });
    expect(nameKeys('3M中国', company)).toEqual({ pinyin: '3mzhongguo', initials: '3zg' });
  });

  it('drops apostrophes without splitting words, wherever they stand', () => {
    expect(nameKeys("Rock 'n' Roll", company)).toEqual({ pinyin: 'rocknroll', initials: 'rnr' });
    expect(nameKeys("'Tis 3M", company)).toEqual({ pinyin: 'tis3m', initials: 't3' });
    expect(nameKeys('O’Brien', person)).toEqual({ pinyin: 'obrien', initials: 'o' });
  });

  it('strips accents from Latin names', () => {
    expect(nameKeys('José Müller', person)).toEqual({ pinyin: 'josemuller', initials: 'jm' });
  });

  it('joins Chinese and Latin parts', () => {
    expect(nameKeys('张伟 Tech', company)).toEqual({ pinyin: 'zhangweitech', initials: 'zwt' });
    expect(nameKeys('张伟2号', person)).toEqual({ pinyin: 'zhangwei2hao', initials: 'zw2h' });
  });

  it('folds full-width letters', () => {
    expect(nameKeys('Ｚｈａｎｇ　Ｗｅｉ', person)).toEqual({ pinyin: 'zhangwei', initials: 'zw' });
  });

  it('returns empty keys for empty or blank names', () => {
    expect(nameKeys('', person)).toEqual({ pinyin: '', initials: '' });
    expect(nameKeys(' \u3000 ', company)).toEqual({ pinyin: '', initials: '' });
  });
});
