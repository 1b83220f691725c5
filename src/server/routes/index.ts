import type { FastifyInstance } from 'fastify';
import { auditRoutes } from './audit.ts';
import { authRoutes } from './auth.ts';
import { contactRoutes } from './contacts.ts';
import { customFieldRoutes } from './custom-fields.ts';
import { customerAccessRoutes } from './customer-access.ts';
import { customerRoutes } from './customers.ts';
import { dataQualityRoutes } from './data-quality.ts';
import { duplicateRoutes } from './duplicates.ts';
import { exportRoutes } from './exports.ts';
import { dealRoutes } from './deals.ts';
import { importRoutes } from './imports.ts';
import { interactionRoutes } from './interactions.ts';
import { mergeRoutes } from './merges.ts';
import { orderRoutes } from './orders.ts';
import { pipelineStageRoutes } from './pipeline-stages.ts';
import { recycleBinRoutes } from './recycle-bin.ts';
import { reportRoutes } from './reports.ts';
import { searchRoutes } from './search.ts';
import { setupRoutes } from './setup.ts';
import { settingsRoutes } from './settings.ts';
import { tagRoutes } from './tags.ts';
import { taskRoutes } from './tasks.ts';
import { teamRoutes } from './teams.ts';
import { tokenRoutes } from './tokens.ts';
import { userRoutes } from './users.ts';

/** Every /api/v1 route module, registered after auth by app.ts. */
export const apiRoutes: Array<(app: FastifyInstance) => Promise<void>> = [customerRoutes, contactRoutes, searchRoutes, pipelineStageRoutes, dealRoutes, orderRoutes, interactionRoutes, taskRoutes, tagRoutes, customFieldRoutes, recycleBinRoutes, auditRoutes, settingsRoutes, authRoutes, userRoutes, teamRoutes, customerAccessRoutes, setupRoutes, reportRoutes, mergeRoutes, dataQualityRoutes, duplicateRoutes, exportRoutes, importRoutes, tokenRoutes];
