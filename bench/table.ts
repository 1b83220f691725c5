export interface Measure {
  measure: string;
  value: string;
  bar: string;
  ok: string;
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A measure held to a bar: `pass` says whether it met it. */
export const barred = (measure: string, value: string, bar: string, pass: boolean): Measure => ({ measure, value, bar, ok: pass ? 'yes' : 'NO' });

/** A measure reported for information, with no bar in this issue. */
export const info = (measure: string, value: string, bar = ''): Measure => ({ measure, value, bar, ok: bar ? '(info)' : '' });

export function renderTable(rows: Measure[]): string {
  const head: Measure = { measure: 'measure', value: 'value', bar: 'bar', ok: 'ok?' };
  const all = [head, ...rows];
  const width = (key: keyof Measure) => Math.max(...all.map((r) => [...r[key]].length));
  const cell = (text: string, key: keyof Measure) => text + ' '.repeat(width(key) - [...text].length);
  const line = (r: Measure) => `| ${cell(r.measure, 'measure')} | ${cell(r.value, 'value')} | ${cell(r.bar, 'bar')} | ${cell(r.ok, 'ok')} |`;
  const rule = `|${(['measure', 'value', 'bar', 'ok'] as const).map((k) => '-'.repeat(width(k) + 2)).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}
