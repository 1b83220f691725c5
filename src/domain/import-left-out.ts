import { nameKeys } from './pinyin.ts';
import { foldWidth } from './text.ts';

/** A column the mapping does not place, and the custom field key it would fill if kept. */
export interface LeftOutColumn {
  column: string;
  key: string;
}

const HAN_RUN = /(\p{Script=Han}+)/u;
const HAN = /\p{Script=Han}/u;
const MAX_KEY = 40;

/** A custom field key for a header: Latin words joined by _, Chinese as pinyin (微信号 → weixinhao), starting with a letter. */
export function customKeyFor(header: string): string {
  const words = foldWidth(header)
    .split(HAN_RUN)
    .map((part) => (HAN.test(part) ? nameKeys(part, { isPerson: false }).pinyin : part.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()))
    .join('_')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const key = /^[a-z]/.test(words) ? words : `col_${words}`;
  return key.slice(0, MAX_KEY).replace(/_+$/, '') || 'column';
}

/**
 * The columns a mapping leaves out (mapped to null), each with a key unique in the file that a
 * custom field for it would have: what the summary names, and what keepUnknownColumns keeps.
 */
export function leftOutColumns(columns: Record<string, string | null>, headers: string[]): LeftOutColumn[] {
  const used = new Set(Object.values(columns).flatMap((f) => (f?.startsWith('custom:') ? [f.slice(7)] : [])));
  const out: LeftOutColumn[] = [];
  for (const column of headers) {
    if ((columns[column] ?? null) !== null || column.trim() === '') continue;
    const base = customKeyFor(column);
    let key = base;
    for (let n = 2; used.has(key); n++) key = `${base.slice(0, MAX_KEY - String(n).length - 1)}_${n}`;
    used.add(key);
    out.push({ column, key });
  }
  return out;
}
