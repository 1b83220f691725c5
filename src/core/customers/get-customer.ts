import type { CustomerShape } from '../../domain/customer.ts';
import type { Ctx } from '../context.ts';
import { loadCustomer } from './customers.repository.ts';

/** One customer the actor may see; 404 for one they may not (no existence leak). */
export const getCustomer = (ctx: Ctx, id: number): Promise<CustomerShape> => loadCustomer(ctx, id);
