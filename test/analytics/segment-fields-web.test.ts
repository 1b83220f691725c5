import { describe, expect, it } from 'vitest';
import { operatorsFor, SEGMENT_FIELDS } from '../../src/domain/segment-filter.ts';
import { FIELDS, operatorsOf, type FieldInfo } from '../../web/src/features/segments/segment-fields.ts';

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
