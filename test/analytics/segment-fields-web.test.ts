import { describe, expect, it } from 'vitest';
import { fieldSpec, operatorsFor, SEGMENT_FIELDS, type FieldSpec } from '../../src/domain/segment-filter.ts';
import { fieldInfo, FIELDS, operatorsOf, type FieldInfo } from '../../web/src/features/segments/segment-fields.ts';

// The segment builder keeps its own copy of the filterable fields (the bundle carries no TypeBox).

describe('the segment builder’s fields', () => {
  it('are the fields, kinds, values and operators the API checks filters against', () => {
    expect(Object.keys(FIELDS).sort()).toEqual(Object.keys(SEGMENT_FIELDS).sort());
    for (const [name, spec] of Object.entries(SEGMENT_FIELDS)) {
      const web: FieldInfo = FIELDS[name as keyof typeof FIELDS];
      expect({ kind: web.kind, source: web.source, values: web.values ? [...web.values] : undefined, nullable: web.nullable ? true : undefined }, name).toEqual({
        kind: spec.kind,
        source: spec.source,
        values: spec.values ? [...spec.values] : undefined,
        nullable: spec.nullable ? true : undefined,
      });
      expect([...operatorsOf(web)], name).toEqual([...operatorsFor(spec)]);
    }
  });
});

describe('custom fields in the segment builder', () => {
  it('get the kind, values and operators the API gives each custom field type; encrypted ones are not offered', () => {
    const types = ['text', 'number', 'date', 'select', 'multiselect', 'boolean'] as const;
    const defs = types.map((type) => ({ key: `f_${type}`, label: `F ${type}`, type, options: type === 'select' || type === 'multiselect' ? ['金卡', 'silver'] : null, sensitive: false }));
    const custom = new Map(defs.map((d) => [d.key, d]));
    for (const def of defs) {
      const name = `custom.${def.key}`;
      const spec = fieldSpec(name, custom);
      const web = fieldInfo(name, defs);
      expect(spec && web, name).toBeTruthy();
      expect({ kind: web?.kind, source: web?.source, values: web?.values ? [...web.values] : undefined }, name).toEqual({ kind: spec?.kind, source: spec?.source, values: spec?.values ? [...spec.values] : undefined });
      expect([...operatorsOf(web as FieldInfo)], name).toEqual([...operatorsFor(spec as FieldSpec)]);
    }
    expect(fieldInfo('custom.passport', [{ key: 'passport', label: '护照', type: 'text', options: null, sensitive: true }])).toBeUndefined();
    expect(fieldInfo('custom.unknown', defs)).toBeUndefined();
  });
});
