import type { DealShape } from '../../domain/deal.ts';
import type { Ctx } from '../context.ts';
import { loadDeal } from './deals.repository.ts';

/** One deal the actor may see; 404 for one they may not (no existence leak). */
export const getDeal = (ctx: Ctx, id: number): Promise<DealShape> => loadDeal(ctx, id);
