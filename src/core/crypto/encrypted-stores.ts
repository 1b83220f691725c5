import { sql } from 'kysely';
import type { Deps } from '../context.ts';
import { isSealed } from './sealed-custom.ts';

/**
 * Every place kehu keeps encrypted values: the key check at start and key rotation both read
 * this list, so a new encrypted column added here is checked and rotated alike.
 */
export const ENCRYPTED_COLUMNS = [
  { table: 'customers', column: 'id_number_enc', what: "ID number" },
  { table: 'customers', column: 'bank_account_enc', what: 'bank account' },
  { table: 'users', column: 'totp_secret_enc', what: 'two-factor secret' },
] as const;

/** Tables whose `custom` JSON may hold sealed values of sensitive custom fields. */
export const SEALED_CUSTOM_TABLES = ['customers', 'contacts', 'deals', 'orders'] as const;

export type EncryptedColumn = (typeof ENCRYPTED_COLUMNS)[number];
export type SealedCustomTable = (typeof SEALED_CUSTOM_TABLES)[number];

/** One stored ciphertext and where it came from, for a message that names it. */
export interface EncryptedSample {
  where: string;
  ciphertext: string;
}

/** The newest and the oldest value of each encrypted store: enough to tell a wrong or missing key before serving. */
export async function encryptedSamples(deps: Pick<Deps, 'db' | 'dialect'>): Promise<EncryptedSample[]> {
  const samples: EncryptedSample[] = [];
  for (const { table, column, what } of ENCRYPTED_COLUMNS) {
    for (const direction of ['desc', 'asc'] as const) {
      const row = await deps.db
        .selectFrom(table)
        .select(['id', sql<string>`${sql.ref(column)}`.as('value')])
        .where(sql.ref(column), 'is not', null)
        .orderBy('id', direction)
        .limit(1)
        .executeTakeFirst();
      if (row) samples.push({ where: `${table.replace(/s$/, '')} ${row.id}'s ${what}`, ciphertext: row.value });
    }
  }
  // Only a sensitive custom field seals values (and its definition is never removed): a table none
  // was ever defined for holds none, and is not read whole for it (ten million orders at start).
  const defs = await deps.db.selectFrom('custom_field_defs').select(['entity', 'sensitive']).execute();
  const sealing = new Set(defs.filter((d) => Boolean(d.sensitive)).map((d) => `${d.entity}s`));
  for (const table of SEALED_CUSTOM_TABLES) {
    if (!sealing.has(table)) continue;
    for (const direction of ['desc', 'asc'] as const) {
      const row = await deps.db
        .selectFrom(table)
        .select(['id', 'custom'])
        .where(sql<string>`cast(custom as text)`, 'like', '%"$sealed"%')
        .orderBy('id', direction)
        .limit(1)
        .executeTakeFirst();
      if (!row) continue;
      const custom = deps.dialect.parseJson<Record<string, unknown>>(row.custom);
      const sealed = Object.entries(custom).find(([, value]) => isSealed(value));
      if (sealed && isSealed(sealed[1])) samples.push({ where: `${table.replace(/s$/, '')} ${row.id}'s custom field "${sealed[0]}"`, ciphertext: sealed[1].$sealed });
    }
  }
  return samples;
}
