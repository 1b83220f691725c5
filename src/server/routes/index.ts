import type { FastifyInstance } from 'fastify';
import { customerRoutes } from './customers.ts';

/** Every /api/v1 route module, registered after auth by app.ts. */
export const apiRoutes: Array<(app: FastifyInstance) => Promise<void>> = [customerRoutes];
