import type { Deps } from '../context.ts';

export type SettingKey = 'pool' | 'analytics' | 'backup';

export interface StoredSetting {
  value: unknown;
  updatedAt: string;
  updatedBy: number | null;
}

/** One setting as stored, or null when it was never set. */
export async function readSetting(deps: Pick<Deps, 'db' | 'dialect'>, key: SettingKey): Promise<StoredSetting | null> {
  const row = await deps.db.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst();
  if (!row) return null;
  return { value: deps.dialect.parseJson(row.value), updatedAt: row.updated_at, updatedBy: row.updated_by };
}

/** Stores a setting's whole value (insert or replace); call it inside the write's transaction. */
export async function writeSetting(deps: Pick<Deps, 'db'>, key: SettingKey, value: unknown, updatedBy: number | null, now: string): Promise<void> {
  const row = { key, value: JSON.stringify(value), updated_at: now, updated_by: updatedBy };
  await deps.db
    .insertInto('settings')
    .values(row)
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated_at: now, updated_by: updatedBy }))
    .execute();
}
