import type { OrderShape } from '../../domain/order.ts';
import type { Ctx } from '../context.ts';
import { loadOrder } from './orders.repository.ts';

/** One order the actor may see, with its items; 404 for one they may not. */
export const getOrder = (ctx: Ctx, id: number): Promise<OrderShape> => loadOrder(ctx, id);
