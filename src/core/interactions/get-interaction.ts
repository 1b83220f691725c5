import type { InteractionShape } from '../../domain/interaction.ts';
import type { Ctx } from '../context.ts';
import { loadInteraction } from './interactions.repository.ts';

/** One interaction the actor may see; 404 for one they may not (no existence leak). */
export const getInteraction = (ctx: Ctx, id: number): Promise<InteractionShape> => loadInteraction(ctx, id);
