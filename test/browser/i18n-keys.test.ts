import { describe, expect, it } from 'vitest';
import { CONTACT_GENDERS } from '../../src/domain/contact.ts';
import { CUSTOMER_KINDS, CUSTOMER_LEVELS, CUSTOMER_STAGES } from '../../src/domain/customer.ts';
import { DEAL_STATUSES } from '../../src/domain/deal.ts';
import { DISPLAY_NAMES, displayName } from '../../src/domain/display-names.ts';
import { INTERACTION_DIRECTIONS, INTERACTION_TYPES } from '../../src/domain/interaction.ts';
import { MESSAGES_EN, MESSAGES_ZH } from '../../src/domain/messages.ts';
import { ORDER_STATUSES } from '../../src/domain/order.ts';
import { en } from '../../web/src/app/i18n/en.ts';
import { zh } from '../../web/src/app/i18n/zh.ts';

const keys = (messages: object, prefix = ''): string[] =>
  Object.entries(messages).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keys(value as object, `${prefix}${key}.`)));

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

const lookup = (messages: object, key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages) as string;

/** Both languages have every key, the same {{placeholders}} in each, and no empty text. */
function expectComplete(english: object, chinese: object, flat = false): void {
  const keysOf = (messages: object) => (flat ? Object.keys(messages) : keys(messages));
  expect(keysOf(chinese).sort()).toEqual(keysOf(english).sort());
  const text = (messages: object, key: string) => (flat ? (messages as Record<string, string>)[key] : lookup(messages, key)) as string;
  for (const key of keysOf(english)) {
    expect(placeholders(text(chinese, key)), key).toEqual(placeholders(text(english, key)));
    expect(text(chinese, key).trim(), key).not.toBe('');
    expect(text(english, key).trim(), key).not.toBe('');
  }
}

describe('web translations', () => {
  it('have the same keys and {{placeholders}} in Chinese and English, and no empty strings', () => {
    expectComplete(en, zh);
  });
});

describe('server messages', () => {
  it('have every code in Chinese and English, with the same {{placeholders}}', () => {
    expectComplete(MESSAGES_EN, MESSAGES_ZH, true);
  });

  it('are Chinese in Chinese', () => {
    // a message that is only its parameters (the reasons a check gave, already in the language) has no words to translate
    const words = (text: string) => text.replace(/\{\{\w+\}\}/g, '');
    const untranslated = Object.entries(MESSAGES_ZH).filter(([, text]) => !/[\u4e00-\u9fff]/.test(text) && /[A-Za-z]/.test(words(text))).map(([code]) => code);
    expect(untranslated).toEqual([]);
  });
});

describe('display names of stored values', () => {
  it('name every value of every enumeration, in both languages', () => {
    const enumerations = {
      kinds: CUSTOMER_KINDS, stages: CUSTOMER_STAGES, levels: CUSTOMER_LEVELS, genders: CONTACT_GENDERS, interactionTypes: INTERACTION_TYPES,
      directions: INTERACTION_DIRECTIONS, dealStatuses: DEAL_STATUSES, orderStatuses: ORDER_STATUSES,
    };
    for (const [group, values] of Object.entries(enumerations)) {
      expect(Object.keys(DISPLAY_NAMES.en[group as keyof typeof enumerations]).sort(), group).toEqual([...values].sort());
    }
    expectComplete(DISPLAY_NAMES.en, DISPLAY_NAMES.zh);
  });

  it('translate free text written in either language, and leave the unknown as typed', () => {
    expect(displayName('zh', 'sources', 'Website')).toBe('官网');
    expect(displayName('en', 'sources', '官网')).toBe('Website');
    expect(displayName('zh', 'industries', 'education')).toBe('教育');
    expect(displayName('zh', 'pointLabels', 'work')).toBe('工作');
    expect(displayName('zh', 'industries', '养蜂')).toBe('养蜂');
    expect(displayName('zh', 'countries', 'CN')).toBe('中国');
    expect(displayName('en', 'countries', 'CN')).toBe('China');
    expect(displayName('zh', 'countries', '中国')).toBe('中国');
  });
});
