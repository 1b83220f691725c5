import type { LightMyRequestResponse } from 'fastify';
import Papa from 'papaparse';
import { expect } from 'vitest';

/** A CSV as rows of cells, read by papaparse as a spreadsheet would. */
export const parseCsv = (text: string): string[][] => Papa.parse<string[]>(text, { skipEmptyLines: true }).data;

/**
 * A CSV download as a spreadsheet opens it: checks it came as an attached kehu-<name>-YYYYMMDD.csv,
 * UTF-8 with a BOM, and gives its header, its rows and a row's cells by header (`byName`).
 */
export function csvDownload(res: LightMyRequestResponse): { header: string[]; rows: string[][]; byName: (name: string) => Record<string, string | undefined> } {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename="kehu-[a-z]+-\d{8}\.csv"$/);
  expect(res.body.startsWith('\uFEFF')).toBe(true);
  const [header = [], ...rows] = parseCsv(res.body.slice(1));
  return { header, rows, byName: (name) => Object.fromEntries(header.map((h, i) => [h, rows.find((r) => r.includes(name))?.[i]])) };
}
