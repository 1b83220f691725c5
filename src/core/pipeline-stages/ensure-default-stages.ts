import { DEFAULT_PIPELINE } from '../../domain/pipeline-stage.ts';
import { nowIso, type Deps } from '../context.ts';
import { POSITION_STEP } from './pipeline-stages.repository.ts';

/**
 * Gives a new workspace a ready pipeline. Runs at every start but inserts only into a table
 * that never held a stage, so an admin's own pipeline (or an emptied one) is left alone.
 * Returns how many stages it added.
 */
export async function ensureDefaultStages(deps: Deps, now: string = nowIso(deps)): Promise<number> {
  const existing = await deps.db.selectFrom('pipeline_stages').select('id').limit(1).executeTakeFirst();
  if (existing) return 0;
  const rows = DEFAULT_PIPELINE.map((stage, i) => ({
    name: stage.name,
    probability: stage.probability,
    position: i * POSITION_STEP,
    created_at: now,
    updated_at: now,
    created_by: null,
    updated_by: null,
  }));
  try {
    await deps.db.insertInto('pipeline_stages').values(rows).execute();
    return rows.length;
  } catch (error) {
    // Another kehu process starting on the same database got there first.
    if (deps.dialect.constraintViolation(error)?.kind === 'unique') return 0;
    throw error;
  }
}
