import { describe, expect, it } from 'vitest';
import { canonicalJson, fieldChanges, recordChanges } from './audit.ts';

describe('canonicalJson', () => {
  it('gives the same text whatever the key order, at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(canonicalJson({ a: 1, b: { c: 2 } })).toBe(canonicalJson({ b: { c: 2 }, a: 1 }));
  });
});

describe('fieldChanges', () => {
  it('lists only the fields whose value differs, as [before, after]', () => {
    const before = { name: 'A', city: '北京', tags: ['x'], custom: { a: 1, b: 2 } };
    const after = { name: 'A', city: '上海', tags: ['x'], custom: { b: 2, a: 1 } };
    expect(fieldChanges(before, after)).toEqual({ city: ['北京', '上海'] });
  });

  it('lists a new record\'s filled fields from null and skips empty ones', () => {
    expect(fieldChanges(null, { name: 'A', city: null, tags: [], custom: {}, phones: ['1'] })).toEqual({ name: [null, 'A'], phones: [null, ['1']] });
  });

  it('leaves out bookkeeping and derived fields', () => {
    const before = { id: 1, version: 1, updatedAt: 't1', pinyin: 'a', name: 'A' };
    const after = { id: 1, version: 2, updatedAt: 't2', pinyin: 'b', name: 'B' };
    expect(recordChanges(before, after)).toEqual({ name: ['A', 'B'] });
  });
});
