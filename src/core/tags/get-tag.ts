import type { TagShape } from '../../domain/tag.ts';
import type { Ctx } from '../context.ts';
import { findTagRow, toTag } from './tag-rows.ts';

export const getTag = async (ctx: Ctx, id: number): Promise<TagShape> => toTag(await findTagRow(ctx, id));
