import { expect, it } from 'vitest';
import { guardFormula, unguardFormula } from './formula-guard.ts';

it('guards values a spreadsheet would run and reads them back unchanged', () => {
  for (const value of ['=SUM(A1:A9)', '@all: call back', '-12 Main St', '+cmd|calc', '\tTab', '=HYPERLINK("http://x")']) {
    expect(guardFormula(value)).toBe(`'${value}`);
    expect(unguardFormula(guardFormula(value))).toBe(value);
  }
});

it("keeps a value that starts with the guard's own ' exactly", () => {
  for (const value of ["'=x", "'@all", "''=x"]) {
    expect(guardFormula(value)).toBe(`'${value}`);
    expect(unguardFormula(guardFormula(value))).toBe(value);
  }
});

it('leaves phones, amounts, plain text and a lone apostrophe as they are', () => {
  for (const value of ['+86 138 1234 5678', '-12.5', '北京某某科技有限公司', "'quoted'", "'", "O'Brien", '']) {
    expect(guardFormula(value)).toBe(value);
    expect(unguardFormula(value)).toBe(value);
  }
});
