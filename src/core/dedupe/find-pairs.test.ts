import { describe, expect, it } from 'vitest';
import { dedupeRecord, type DedupeInput } from '../../domain/duplicate-score.ts';
import { findPairs } from './find-pairs.ts';

const person = (id: number, input: Partial<DedupeInput> & { name: string }) => dedupeRecord({ id, kind: 'person', phones: [], emails: [], ...input });

describe('findPairs', () => {
  // Copies of one person that differ from each other more than from the original (FEBRL dataset 3 is full of them).
  const original = person(1, { name: 'jack stubbs', address: '150 heard street summerset', postcode: '5344', city: 'st agnes', birthday: '1989-05-26' });
  const moved = person(2, { name: 'jack stubbs', address: '150 curnow place summerset', postcode: '5344', city: 'st agnes', birthday: '1983-02-23' });
  const typo = person(3, { name: 'jack stubbs', address: '105 heard street summerset', postcode: '5344', city: 'st agnes', birthday: '1989-05-26' });

  it('pairs two copies that each match the original strongly, naming the original as the reason', () => {
    const pairs = findPairs([original, moved, typo], { minScore: 0.7 });
    expect(pairs.map((p) => [p.a, p.b]).sort()).toEqual([[1, 2], [1, 3], [2, 3]]);
    expect(pairs.find((p) => p.a === 2 && p.b === 3)?.reasons).toContain('both are likely duplicates of jack stubbs (#1)');
  });

  it('without the original, the two copies are not a pair', () => {
    expect(findPairs([moved, typo], { minScore: 0.7 })).toEqual([]);
  });

  it('meets records at one house number and postcode whose names, streets and cities no other key shares', () => {
    const a = person(1, { name: 'madison dixon', address: '37 white lodge', postcode: '5047', city: 'ringwood', birthday: '1994-04-13' });
    const b = person(2, { name: 'dixson madisno', address: '37 sanford place whitelodge', postcode: '5047', city: 'ringwod', birthday: '1994-04-31' });
    // A postcode shared by more records than a block compares in full: they sit between the two.
    const names = 'quinn ashby brook carver dunmore ellery fairweather gundry holt ingram jessop kilby lovett mercer norris oakes pryce rudd sayer tolley'.split(' ');
    const neighbours = names.map((name, i) => person(10 + i, { name, postcode: '5047', city: 'ringwoe' }));
    const pairs = findPairs([a, ...neighbours, b], { minScore: 0.7 });
    expect(pairs.map((p) => [p.a, p.b])).toEqual([[1, 2]]);
    expect(pairs[0]?.reasons).toContain('same house number 37 and postcode');
  });
});
