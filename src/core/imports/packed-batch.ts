import type { NormalisedPoint } from '../../domain/contact-point.ts';
import type { BulkCustomer, PreparedCustomer } from '../customers/bulk-customer-rows.ts';
import type { PureRow } from './customer-rows.ts';
import type { SourceRow } from './import-batch.ts';

/**
 * A batch of prepared customer rows as flat arrays of plain values, for the trip from the worker
 * thread to the main thread: copying between threads serialises every object with its property
 * names, which for nested rows cost as much as preparing them. Rows that need more than a write
 * (errors, an owner to look up, custom values to check) are not packed: the main thread prepares
 * those again from their cells, which are always sent.
 */
export interface PackedBatch {
  rows: number[];
  /** every row's cells, `width` per row */
  cells: string[];
  width: number;
  /** positions (in `rows`) of the packed rows */
  ready: number[];
  columns: string[];
  values: unknown[];
  pointColumns: Array<keyof NormalisedPoint>;
  points: unknown[];
  pointCounts: number[];
  tags: string[];
  tagCounts: number[];
  keys: string[];
  keyCounts: number[];
  externalIds: Array<string | null>;
}

const POINT_COLUMNS: Array<keyof NormalisedPoint> = ['kind', 'value', 'raw', 'label', 'isPrimary', 'position'];

/** Whether a prepared row needs nothing from the main thread but its write. */
function isPlain(item: PureRow): item is PureRow & { normalised: { prepared: BulkCustomer; keys: string[] } } {
  const { converted, ownerName, early, normalised } = item;
  return converted.errors.length === 0 && ownerName === null && early.length === 0 && Object.keys(converted.custom).length === 0 && normalised !== null && normalised.errors.length === 0 && normalised.prepared !== null;
}

export function packBatch(batch: SourceRow[], prepared: PureRow[], width: number): PackedBatch {
  const packed: PackedBatch = { rows: [], cells: [], width, ready: [], columns: [], values: [], pointColumns: POINT_COLUMNS, points: [], pointCounts: [], tags: [], tagCounts: [], keys: [], keyCounts: [], externalIds: [] };
  batch.forEach((source, index) => {
    packed.rows.push(source.row);
    for (let i = 0; i < width; i++) packed.cells.push(source.values[i] ?? '');
    const item = prepared[index] as PureRow;
    if (!isPlain(item)) return;
    const { prepared: customer, keys } = item.normalised;
    if (packed.columns.length === 0) packed.columns = Object.keys(customer.row);
    packed.ready.push(index);
    const row = customer.row as unknown as Record<string, unknown>;
    for (const column of packed.columns) packed.values.push(row[column]);
    for (const point of customer.points) for (const column of POINT_COLUMNS) packed.points.push(point[column]);
    packed.pointCounts.push(customer.points.length);
    packed.tags.push(...customer.tags);
    packed.tagCounts.push(customer.tags.length);
    packed.keys.push(...keys);
    packed.keyCounts.push(keys.length);
    const externalId = item.converted.values.externalId;
    packed.externalIds.push(typeof externalId === 'string' ? externalId : null);
  });
  return packed;
}

/** The batch's rows, and the prepared customer and match keys of each packed one by its position. */
export function unpackBatch(packed: PackedBatch): { rows: SourceRow[]; ready: Map<number, { prepared: BulkCustomer; keys: string[] }> } {
  const rows = packed.rows.map((row, i) => ({ row, values: packed.cells.slice(i * packed.width, (i + 1) * packed.width) }));
  const ready = new Map<number, { prepared: BulkCustomer; keys: string[] }>();
  let value = 0;
  let point = 0;
  let tag = 0;
  let key = 0;
  packed.ready.forEach((index, n) => {
    const row: Record<string, unknown> = {};
    for (const column of packed.columns) row[column] = packed.values[value++];
    const points: NormalisedPoint[] = [];
    for (let p = 0; p < (packed.pointCounts[n] as number); p++) {
      const out: Record<string, unknown> = {};
      for (const column of packed.pointColumns) out[column] = packed.points[point++];
      points.push(out as unknown as NormalisedPoint);
    }
    const tagCount = packed.tagCounts[n] as number;
    const keyCount = packed.keyCounts[n] as number;
    const tags = packed.tags.slice(tag, (tag += tagCount));
    const keys = packed.keys.slice(key, (key += keyCount));
    ready.set(index, { prepared: { row: row as unknown as PreparedCustomer, points, tags, externalId: packed.externalIds[n] ?? null }, keys });
  });
  return { rows, ready };
}
