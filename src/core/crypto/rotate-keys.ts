import { sql } from 'kysely';
import { codedError } from '../../domain/errors.ts';
import { nowIso, type Deps } from '../context.ts';
import { decrypt, encrypt, keyIdOf } from './cipher.ts';
import { makeKeyring } from './keyring.ts';
import { resealTotpSecrets } from '../sessions/reseal-totp.ts';
import { SEALED_CUSTOM_TABLES, type SealedCustomTable } from './encrypted-stores.ts';
import { resealCustom } from './sealed-custom.ts';
import { newStoredKey, readKeyFile, writeKeyFile } from './load-keyring.ts';

export interface RotationReport {
  keyId: string;
  retiredKeyIds: string[];
  reencrypted: number;
}

const ENCRYPTED = ['id_number_enc', 'bank_account_enc'] as const;

/**
 * Adds a new key to the keyring file, re-encrypts every encrypted value under it in batches
 * (each its own transaction, so readers and writers keep going), then marks the older keys
 * retired. Retired keys stay in the file until the next rotation sweeps values written by
 * processes that still held the old key; the first key also derives the blind index.
 */
export async function rotateKeys(deps: Deps, keyFile: string, batchSize = 200): Promise<RotationReport> {
  const before = readKeyFile(keyFile);
  const fresh = newStoredKey(deps.clock.now());
  writeKeyFile(keyFile, [...before, fresh]);
  const keyring = makeKeyring([...before, fresh]);
  let reencrypted = 0;
  let lastId = 0;
  for (;;) {
    const rows = await deps.db
      .selectFrom('customers')
      .select(['id', ...ENCRYPTED])
      .where('id', '>', lastId)
      .where((eb) => eb.or(ENCRYPTED.map((column) => eb(column, 'is not', null))))
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) break;
    lastId = rows[rows.length - 1]!.id;
    await deps.db.transaction().execute(async (trx) => {
      for (const row of rows) {
        let changed = false;
        for (const column of ENCRYPTED) {
          const value = row[column];
          if (value === null || keyIdOf(value) === fresh.id) continue;
          // Only if unchanged since the read: a concurrent edit already wrote under a valid key.
          await trx
            .updateTable('customers')
            .set({ [column]: encrypt(keyring, decrypt(keyring, value)) })
            .where('id', '=', row.id)
            .where(column, '=', value)
            .execute();
          changed = true;
        }
        if (changed) reencrypted += 1;
      }
    });
  }
  reencrypted += await resealCustomValues({ ...deps, crypto: keyring }, fresh.id, batchSize);
  reencrypted += await resealTotpSecrets(deps, keyring);
  const retiredAt = nowIso(deps);
  writeKeyFile(keyFile, [...before.map((k) => ({ ...k, retiredAt: k.retiredAt ?? retiredAt })), fresh]);
  return { keyId: fresh.id, retiredKeyIds: before.map((k) => k.id), reencrypted };
}

export const rotationNeedsKeyFile = () =>
  codedError('validation', 'keys.rotate_env');

/** Sensitive custom values live sealed inside records' `custom` JSON; re-encrypt those too. */
async function resealCustomValues(deps: Deps, keyId: string, batchSize: number): Promise<number> {
  let count = 0;
  for (const table of SEALED_CUSTOM_TABLES) count += await resealCustomIn(deps, table, keyId, batchSize);
  return count;
}

async function resealCustomIn(deps: Deps, table: SealedCustomTable, keyId: string, batchSize: number): Promise<number> {
  let count = 0;
  let lastId = 0;
  for (;;) {
    const rows = await deps.db
      .selectFrom(table)
      .select(['id', 'version', 'custom'])
      .where('id', '>', lastId)
      .where(sql<string>`cast(custom as text)`, 'like', '%"$sealed"%')
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return count;
    lastId = rows[rows.length - 1]!.id;
    await deps.db.transaction().execute(async (trx) => {
      for (const row of rows) {
        const resealed = resealCustom(deps.crypto, deps.dialect.parseJson<Record<string, unknown>>(row.custom), keyId);
        if (!resealed) continue;
        // Only if unchanged since the read (re-encryption is not an edit, so the version stays).
        const result = await trx
          .updateTable(table)
          .set({ custom: JSON.stringify(resealed) })
          .where('id', '=', row.id)
          .where('version', '=', row.version)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) > 0) count += 1;
      }
    });
  }
}
