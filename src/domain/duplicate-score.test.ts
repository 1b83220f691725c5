import { describe, expect, it } from 'vitest';
import { dedupeRecord, scorePair, type DedupeInput } from './duplicate-score.ts';

const record = (input: Partial<DedupeInput> & { name: string }) => dedupeRecord({ id: 1, kind: 'person', phones: [], emails: [], ...input });
const score = (a: Partial<DedupeInput> & { name: string }, b: Partial<DedupeInput> & { name: string }) => scorePair(record({ ...a, id: 1 }), record({ ...b, id: 2 }));

describe('scorePair', () => {
  it('the issue case: 张伟 +86 138 1234 5678 and "Zhang Wei" 13812345678 are one person, and says why', () => {
    const result = score({ name: '张伟', phones: ['+8613812345678'] }, { name: 'Zhang Wei', phones: ['+8613812345678'] });
    expect(result.score).toBeGreaterThanOrEqual(0.9);
    expect(result.reasons).toEqual(['same phone +8613812345678', 'name 张伟 ≈ Zhang Wei (pinyin)']);
  });

  it('a shared name alone is not enough: namesakes with other phones score low', () => {
    expect(score({ name: '张伟', phones: ['+8613812345678'], city: '北京' }, { name: '张伟', phones: ['+8613900001111'], city: 'Beijing' }).score).toBeLessThan(0.3);
    expect(score({ name: 'John Smith' }, { name: 'John Smith' }).score).toBeLessThan(0.5);
  });

  it('the same phone with an unrelated name is a shared line, not a duplicate', () => {
    expect(score({ name: '张伟', phones: ['+8613812345678'] }, { name: '王芳', phones: ['+8613812345678'] }).score).toBeLessThan(0.3);
  });

  it('finds swapped names, e-mails, phone typos and a phone written as the e-mail', () => {
    expect(score({ name: 'Wei Zhang', emails: ['zw@example.com'] }, { name: '张伟', emails: ['zw@example.com'] }).score).toBeGreaterThan(0.9);
    const typo = score({ name: '张伟', phones: ['+8613812345678'] }, { name: '张伟', phones: ['+8613812345687'] });
    expect(typo.score).toBeGreaterThan(0.8);
    expect(typo.reasons[0]).toBe('phone +8613812345678 ≈ +8613812345687 (one digit apart)');
    const inEmail = score({ name: '张伟', phones: ['+8613812345678'] }, { name: 'Zhang Wei', emails: ['13812345678@163.com'] });
    expect(inEmail.score).toBeGreaterThan(0.8);
    expect(inEmail.reasons[0]).toBe('phone +8613812345678 in e-mail 13812345678@163.com');
  });

  it('compares companies by their core across scripts and suffixes', () => {
    const result = score({ kind: 'company', name: '北京星辰科技有限公司', phones: ['+861065123456'] }, { kind: 'company', name: 'Xingchen Tech Co., Ltd.', phones: ['+861065123456'] });
    expect(result.score).toBeGreaterThan(0.9);
    expect(result.reasons).toContain('company 北京星辰科技有限公司 ≈ Xingchen Tech Co., Ltd.');
  });

  it('a birthday and postcode where there are no phones: the same day at the same place is one person, another day counts against', () => {
    const a = { name: 'luke purdon', address: '23 ramsay place mirani', postcode: '2260', city: 'garbutt', birthday: '1983-10-24' };
    const same = score(a, { ...a, name: 'mia purdon', postcode: '2206' });
    expect(same.score).toBeGreaterThanOrEqual(0.7);
    expect(same.reasons).toContain('same birthday 1983-10-24');
    const relative = score(a, { ...a, name: 'mia purdon', birthday: '1951-02-03' });
    expect(relative.score).toBeLessThan(0.7);
    expect(score({ name: 'John Smith', birthday: '1980-01-02' }, { name: 'John Smith', birthday: '1980-01-02' }).score).toBeGreaterThan(score({ name: 'John Smith' }, { name: 'John Smith' }).score);
  });

  it('branches are not duplicates: the same name and phone at another street address scores low, with the reason', () => {
    const head = { kind: 'company' as const, name: '青岛博瑞建材有限公司', phones: ['+8653288889999'], city: '青岛', address: '香港中路10号' };
    const branch = score({ ...head, city: '北京' }, { ...head, city: '上海', address: '南京路200号' });
    expect(branch.score).toBeLessThan(0.3);
    expect(branch.reasons).toContain('other street address: a branch, not a duplicate');
    expect(score(head, { ...head, address: '香港中路 10 号' }).score).toBeGreaterThan(0.9);
  });

  it('two companies of the identical full name in one city are at least a pair to review, never a merge on that alone', () => {
    const a = { kind: 'company' as const, name: '青岛博瑞建材有限公司', phones: ['+8653288889999'], city: '青岛', address: '香港中路10号' };
    const b = { ...a, phones: ['+8653211112222'], address: '延安路45号' };
    const pair = score(a, b);
    expect(pair.score).toBeGreaterThanOrEqual(0.7);
    expect(pair.score).toBeLessThan(0.8);
    expect(pair.reasons).toContain('the same full company name in qingdao: review');
    expect(score(a, { ...b, city: '上海' }).score).toBeLessThan(0.7);
  });

  it('a company registration number weighs as an ID number does', () => {
    const pair = score({ kind: 'company', name: 'Acme Ltd', idKey: 'reg1' }, { kind: 'company', name: 'ACME Limited', idKey: 'reg1' });
    expect(pair.score).toBeGreaterThan(0.9);
    expect(pair.reasons).toContain('same registration number');
  });

  it('uses ID number and address where there are no phones (FEBRL-like records)', () => {
    const a = { name: 'paige lowe', address: '3 chave street keelee 2906', city: 'gowrie', idKey: 'k1' };
    expect(score(a, { ...a, name: 'paige loew' }).score).toBeGreaterThan(0.9);
    expect(score(a, { ...a, idKey: 'k2', name: 'mia purdon', address: '23 ramsay place mirani 2260', city: 'garbutt' }).score).toBeLessThan(0.1);
  });

  it('the same house number and postcode is one dwelling, though the street is misspelt or named otherwise', () => {
    const a = { name: 'madison dixon', address: '37 white lodge', postcode: '5047', city: 'ringwood', birthday: '1994-04-13' };
    const b = { name: 'madison dixson', address: '37 sanford place white lodge', postcode: '5047', city: 'ringwood', birthday: '1922-06-09' };
    const pair = score(a, b);
    expect(pair.score).toBeGreaterThanOrEqual(0.7);
    expect(pair.reasons).toContain('same house number 37 and postcode');
    expect(score(a, { ...b, address: '12 sanford place white lodge' }).score).toBeLessThan(0.7);
    expect(score(a, { ...b, postcode: '5049' }).score).toBeLessThan(0.7);
  });

  it('a third record that both match strongly counts for the pair, and says so; it does not outweigh what differs', () => {
    const original = record({ id: 1, name: 'jack stubbs', address: '150 heard street summerset', postcode: '5344', city: 'st agnes', birthday: '1989-05-26' });
    const moved = record({ id: 2, name: 'jack stubbs', address: '150 curnow place summerset', postcode: '5344', city: 'st agnes', birthday: '1983-02-23' });
    const typo = record({ id: 3, name: 'jack stubbs', address: '105 heard street summerset', postcode: '5344', city: 'st agnes', birthday: '1989-05-26' });
    expect(scorePair(moved, original).score).toBeGreaterThanOrEqual(0.9);
    expect(scorePair(typo, original).score).toBeGreaterThanOrEqual(0.9);
    expect(scorePair(moved, typo).score).toBeLessThan(0.7);
    const linked = scorePair(moved, typo, { sharedMatch: original });
    expect(linked.score).toBeGreaterThanOrEqual(0.7);
    expect(linked.reasons).toContain('both are likely duplicates of jack stubbs (#1)');
    const stranger = record({ id: 4, name: 'mary jones', address: '9 other road', postcode: '2000', city: 'ryde', birthday: '1950-01-01' });
    expect(scorePair(moved, stranger, { sharedMatch: original }).score).toBeLessThan(0.1);
  });

  it('is symmetric and between 0 and 1', () => {
    const a = { name: 'Li Lei', emails: ['lilei@example.com'], city: 'Shanghai' };
    const b = { name: '李雷', emails: ['lilei@example.com'] };
    const ab = score(a, b).score;
    expect(ab).toBe(score(b, a).score);
    expect(ab).toBeGreaterThan(0);
    expect(ab).toBeLessThanOrEqual(1);
  });
});
