import { poolRulesFrom, type PoolRules, type PoolSettingsShape } from '../../domain/settings.ts';
import type { Deps } from '../context.ts';
import { readSetting } from './settings.repository.ts';

/** The pool rules in force (defaults when never set); anyone signed in may read them. */
export async function getPoolSettings(deps: Pick<Deps, 'db' | 'dialect'>): Promise<PoolSettingsShape> {
  const stored = await readSetting(deps, 'pool');
  return { ...poolRulesFrom(stored?.value), updatedAt: stored?.updatedAt ?? null, updatedBy: stored?.updatedBy ?? null };
}

/** Just the rules, for the checks that enforce them. */
export const poolRules = async (deps: Pick<Deps, 'db' | 'dialect'>): Promise<PoolRules> => poolRulesFrom((await readSetting(deps, 'pool'))?.value);
