import type { CustomFieldShape } from '../../domain/custom-field.ts';
import type { Ctx } from '../context.ts';
import { findCustomFieldRow, toCustomField } from './custom-fields.repository.ts';

export const getCustomField = async (ctx: Ctx, id: number): Promise<CustomFieldShape> => toCustomField(ctx, await findCustomFieldRow(ctx, id));
