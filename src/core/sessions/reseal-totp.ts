import type { Deps } from '../context.ts';
import { decrypt, encrypt, keyIdOf } from '../crypto/cipher.ts';
import type { Keyring } from '../crypto/keyring.ts';

/**
 * Re-encrypts every TOTP secret not yet under `keyring`'s current key, for `keys rotate`.
 * Each row is written only if unchanged since it was read, so a concurrent setup wins.
 */
export async function resealTotpSecrets(deps: Pick<Deps, 'db'>, keyring: Keyring): Promise<number> {
  const rows = await deps.db.selectFrom('users').select(['id', 'totp_secret_enc']).where('totp_secret_enc', 'is not', null).execute();
  let resealed = 0;
  for (const row of rows) {
    const stored = row.totp_secret_enc!;
    if (keyIdOf(stored) === keyring.current.id) continue;
    const result = await deps.db
      .updateTable('users')
      .set({ totp_secret_enc: encrypt(keyring, decrypt(keyring, stored)) })
      .where('id', '=', row.id)
      .where('totp_secret_enc', '=', stored)
      .executeTakeFirst();
    resealed += Number(result.numUpdatedRows);
  }
  return resealed;
}
