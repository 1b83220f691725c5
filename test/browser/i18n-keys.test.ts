import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/app/i18n/en.ts';
import { zh } from '../../web/src/app/i18n/zh.ts';

const keys = (messages: object, prefix = ''): string[] =>
  Object.entries(messages).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keys(value as object, `${prefix}${key}.`)));

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('web translations', () => {
  it('have the same keys in Chinese and English', () => {
    expect(keys(zh).sort()).toEqual(keys(en).sort());
  });

  it('use the same {{placeholders}} in both languages, and no empty strings', () => {
    const lookup = (messages: object, key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages) as string;
    for (const key of keys(en)) {
      expect(placeholders(lookup(zh, key)), key).toEqual(placeholders(lookup(en, key)));
      expect(lookup(zh, key).trim(), key).not.toBe('');
    }
  });
});
