import type { RecordMetaShape } from '../../domain/record.ts';

interface StandardColumns {
  id: number;
  version: number;
  created_at: string;
  updated_at: string;
  created_by: number | null;
  updated_by: number | null;
  deleted_at: string | null;
}

/** The fields every stored record carries, from its standard columns. */
export const recordMeta = (row: StandardColumns): RecordMetaShape => ({
  id: row.id,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  createdBy: row.created_by,
  updatedBy: row.updated_by,
  deletedAt: row.deleted_at,
});
