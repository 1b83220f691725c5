import type { WorkspaceSettingsShape } from '../../domain/settings.ts';
import type { Ctx } from '../context.ts';

/** The workspace settings every signed-in user's app reads. */
export const getWorkspaceSettings = (ctx: Ctx): WorkspaceSettingsShape => ({ defaultRegion: ctx.settings.defaultRegion });
