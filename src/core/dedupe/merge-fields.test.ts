import { describe, expect, it } from 'vitest';
import type { NormalisedPoint } from '../../domain/contact-point.ts';
import { decideFields, unionPoints } from './merge-fields.ts';

const point = (kind: 'phone' | 'email', value: string, position: number, isPrimary = false): NormalisedPoint => ({
  kind,
  value,
  raw: value,
  label: null,
  isPrimary,
  position,
});

describe('decideFields', () => {
  const columns = { name: ['name'], city: ['city'], idNumber: ['id_number_enc', 'id_number_bidx'] };
  const survivor = { row: { name: '张伟', city: null, id_number_enc: null, id_number_bidx: null }, custom: { vip: true, region: '' } };
  const merged = { row: { name: 'Zhang Wei', city: '北京', id_number_enc: 'enc', id_number_bidx: 'bidx' }, custom: { region: '华北' } };

  it('keeps the survivor’s values, fills its gaps from the other, and says so per field', () => {
    const result = decideFields(columns, survivor, merged);
    expect(result.values).toEqual({ name: '张伟', city: '北京', id_number_enc: 'enc', id_number_bidx: 'bidx' });
    expect(result.custom).toEqual({ vip: true, region: '华北' });
    expect(result.decisions).toEqual({ name: 'survivor', city: 'merged', idNumber: 'merged', 'custom.vip': 'survivor', 'custom.region': 'merged' });
  });

  it('follows the caller’s choices, moving every column of a field together', () => {
    const result = decideFields(columns, survivor, merged, { name: 'merged', idNumber: 'survivor', 'custom.vip': 'merged' });
    expect(result.values).toMatchObject({ name: 'Zhang Wei', id_number_enc: null, id_number_bidx: null });
    expect(result.custom).toEqual({ region: '华北' });
  });

  it('rejects a choice of a field neither record has, naming it', () => {
    expect(() => decideFields(columns, survivor, merged, { colour: 'merged', 'custom.nope': 'survivor' })).toThrow(
      expect.objectContaining({ errors: [{ field: 'fields.colour', message: expect.any(String), code: 'merge.no_such_field' }, { field: 'fields.custom.nope', message: expect.any(String), code: 'merge.no_such_field' }] }),
    );
  });
});

describe('unionPoints', () => {
  it('adds the other’s phones and e-mails after the survivor’s, once each, one primary per kind', () => {
    const mine = [point('phone', '+8613812345678', 0, true)];
    const theirs = [point('phone', '+8613900001111', 0, true), point('phone', '+8613812345678', 1), point('email', 'a@example.com', 0, true)];
    const result = unionPoints(mine, theirs);
    expect(result.map((p) => [p.kind, p.value, p.isPrimary, p.position])).toEqual([
      ['phone', '+8613812345678', true, 0],
      ['phone', '+8613900001111', false, 1],
      ['email', 'a@example.com', true, 0],
    ]);
  });

  it('makes the first one primary when neither record had a primary', () => {
    expect(unionPoints([], [point('phone', '+8613900001111', 0), point('phone', '+8613900002222', 1)]).map((p) => p.isPrimary)).toEqual([true, false]);
  });
});
