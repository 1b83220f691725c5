import { describe, expect, it } from 'vitest';
import { foldWidth, hasHan, normaliseName, stripDiacritics } from './text.ts';

describe('foldWidth', () => {
  it('turns full-width letters, digits and punctuation into ASCII', () => {
    expect(foldWidth('Ａｃｍｅ１２３！＠（）～')).toBe('Acme123!@()~');
  });

  it('turns the ideographic space into a plain space', () => {
    expect(foldWidth('张\u3000伟')).toBe('张 伟');
  });

  it('leaves Chinese text, CJK punctuation and half-width katakana alone', () => {
    expect(foldWidth('张伟、你好。ｶﾀ')).toBe('张伟、你好。ｶﾀ');
  });
});

describe('normaliseName', () => {
  it('trims and collapses whitespace of every kind', () => {
    expect(normaliseName(' \u3000Zhang \t\n  Wei\u3000 ')).toBe('Zhang Wei');
  });

  it('folds width', () => {
    expect(normaliseName('Ｚｈａｎｇ　Ｗｅｉ')).toBe('Zhang Wei');
  });

  it('keeps tidy names as they are and tidies names that only nearly are', () => {
    expect(normaliseName('重庆万达贸易有限公司')).toBe('重庆万达贸易有限公司');
    expect(normaliseName('Lee Trading Inc')).toBe('Lee Trading Inc');
    expect(normaliseName('Lee  Trading Inc ')).toBe('Lee Trading Inc');
    expect(normaliseName('张伟\u00a0Tech')).toBe('张伟 Tech');
    expect(normaliseName('张伟Ｔｅｃｈ')).toBe('张伟Tech');
  });

  it('composes decomposed accents so equal names compare equal', () => {
    const decomposed = 'Jose\u0301';
    expect(normaliseName(decomposed)).toBe('José');
    expect(normaliseName(decomposed)).toHaveLength(4);
  });
});

describe('hasHan', () => {
  it('finds a Chinese character anywhere in the text', () => {
    expect(hasHan('张伟')).toBe(true);
    expect(hasHan('Tech 伟 Ltd')).toBe(true);
    expect(hasHan('𠀀')).toBe(true);
  });

  it('is false for Latin, kana, Hangul and full-width punctuation', () => {
    expect(hasHan('Zhang Wei')).toBe(false);
    expect(hasHan('カタカナ')).toBe(false);
    expect(hasHan('김민준')).toBe(false);
    expect(hasHan('，。！')).toBe(false);
    expect(hasHan('')).toBe(false);
  });
});

describe('stripDiacritics', () => {
  it('removes accents from Latin letters', () => {
    expect(stripDiacritics('José Müller, Ångström, Nguyễn, Çelik')).toBe('Jose Muller, Angstrom, Nguyen, Celik');
  });

  it('keeps letters whose marks are part of the letter in other scripts', () => {
    expect(stripDiacritics('ガ')).toBe('ガ');
    expect(stripDiacritics('김민준')).toBe('김민준');
    expect(stripDiacritics('हिन्दी')).toBe('हिन्दी');
  });

  it('strips accents next to Chinese', () => {
    expect(stripDiacritics('重庆 Café')).toBe('重庆 Cafe');
    expect(stripDiacritics('重庆 Cafe\u0301')).toBe('重庆 Cafe');
  });

  it('leaves Chinese untouched', () => {
    expect(stripDiacritics('张伟')).toBe('张伟');
  });
});
