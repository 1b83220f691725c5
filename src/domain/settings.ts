import { Type, type Static } from 'typebox';
import { Id, Nullable, optionalFields, Timestamp } from './record.ts';

const poolFields = {
  maxCustomersPerRep: Nullable(
    Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'how many customers a sales rep may own at once; null: no limit' }),
  ),
  returnAfterDays: Nullable(
    Type.Integer({ minimum: 1, maximum: 3650, description: "a sales rep's customers untouched for this many days go back to the pool; null: never" }),
  ),
  tellRepsWhenTaken: Type.Boolean({
    description: "撞单: an import tells a rep that a row is already another rep's customer (and refuses it) instead of creating the rep's own record; it names nobody and nothing more. Default false",
  }),
};

/** The public pool (公海) rules an admin sets. */
export const PoolSettings = Type.Object({
  ...poolFields,
  updatedAt: Nullable(Timestamp),
  updatedBy: Nullable(Id),
});

export const PoolSettingsPatch = Type.Object(optionalFields(poolFields), { additionalProperties: false, minProperties: 1 });

export type PoolRules = { maxCustomersPerRep: number | null; returnAfterDays: number | null; tellRepsWhenTaken: boolean };
export type PoolSettingsShape = Static<typeof PoolSettings>;
export type PoolSettingsPatchInput = Static<typeof PoolSettingsPatch>;

/** What a workspace that never set the pool rules gets: no limit, never return, no 撞单 notice. */
export const DEFAULT_POOL_RULES: PoolRules = { maxCustomersPerRep: null, returnAfterDays: null, tellRepsWhenTaken: false };

const isCount = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** The pool rules from a stored value, each field falling back to its default when missing or malformed. */
export function poolRulesFrom(stored: unknown): PoolRules {
  const value = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  return {
    maxCustomersPerRep: isCount(value.maxCustomersPerRep, 0, 1_000_000) ? value.maxCustomersPerRep : DEFAULT_POOL_RULES.maxCustomersPerRep,
    returnAfterDays: isCount(value.returnAfterDays, 1, 3650) ? value.returnAfterDays : DEFAULT_POOL_RULES.returnAfterDays,
    tellRepsWhenTaken: typeof value.tellRepsWhenTaken === 'boolean' ? value.tellRepsWhenTaken : DEFAULT_POOL_RULES.tellRepsWhenTaken,
  };
}

/** What every signed-in user's app needs to know about the workspace. */
export const WorkspaceSettings = Type.Object({
  defaultRegion: Type.String({ description: 'ISO 3166 region for phones typed without a country code (KEHU_DEFAULT_REGION); phones of this region are shown in national format' }),
});
export type WorkspaceSettingsShape = Static<typeof WorkspaceSettings>;
