import type { TaskShape } from '../../domain/task.ts';
import type { Ctx } from '../context.ts';
import { loadTask } from './tasks.repository.ts';

/** One task the actor may see; 404 for one they may not (no existence leak). */
export const getTask = (ctx: Ctx, id: number): Promise<TaskShape> => loadTask(ctx, id);
