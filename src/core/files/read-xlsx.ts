import { AppError } from '../../domain/errors.ts';
import type { OpenedTable, TableSource } from './open-table.ts';

export async function readXlsx(_source: TableSource): Promise<OpenedTable> {
  throw new AppError('unsupported_media_type', { message: 'xlsx reading is not finished yet' });
}
