import type { Kysely } from 'kysely';
import { recordAuditEntries, type AuditCtx, type AuditEvent } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Deps } from '../context.ts';
import type { Schema } from '../db/schema.ts';

// A restore brings back the backup's users, sign-ins and API tokens as they were then. Access the
// live database had shut since — a token revoked after a leak, a person who left and was disabled —
// must not open again, and a sign-in or a reset link from the backup's day must not work again.
// So what was shut is read just before the restore (writes already paused) and shut again after.
// It only ever takes access away; passwords and roles are the backup's (see README, Backups).

/** What the live database had shut: revoked tokens by their hash, disabled users by e-mail. */
export interface AccessShut {
  revokedTokens: Map<string, string>;
  disabledEmails: Set<string>;
}

export interface AccessAfterRestore {
  /** sign-ins ended: everyone signs in again */
  sessionsEnded: number;
  /** unused password reset links ended */
  resetLinksEnded: number;
  /** tokens active in the backup that had been revoked since */
  tokensRevoked: number;
  /** users active in the backup that had been disabled since */
  usersDisabled: number;
  /** admins disabled since the backup but kept enabled: disabling them would leave no admin */
  adminsKept: number;
}

export async function accessShutIn(db: Kysely<Schema>): Promise<AccessShut> {
  const tokens = await db.selectFrom('api_tokens').select(['token_hash', 'revoked_at']).where('revoked_at', 'is not', null).execute();
  const users = await db.selectFrom('users').select('email').where('disabled', '=', true).execute();
  return {
    revokedTokens: new Map(tokens.map((t) => [t.token_hash, String(t.revoked_at)])),
    disabledEmails: new Set(users.map((u) => u.email)),
  };
}

/** After a restore: every sign-in and reset link ends, and what `shut` lists is shut again, each audited. */
export async function shutAccessAfterRestore(deps: Deps, shut: AccessShut, actor: AuditCtx['actor']): Promise<AccessAfterRestore> {
  const now = nowIso(deps);
  return inTransaction(deps, async (tx) => {
    const sessions = await tx.db.updateTable('sessions').set({ revoked_at: now }).where('revoked_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
    const links = await tx.db.updateTable('password_resets').set({ expires_at: now }).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
    const events: AuditEvent[] = [];
    const active = await tx.db.selectFrom('api_tokens').select(['id', 'token_hash']).where('revoked_at', 'is', null).execute();
    const tokens = active.filter((t) => shut.revokedTokens.has(t.token_hash));
    for (const token of tokens) {
      const revokedAt = shut.revokedTokens.get(token.token_hash) as string;
      await tx.db.updateTable('api_tokens').set({ revoked_at: revokedAt }).where('id', '=', token.id).execute();
      events.push({ action: 'token_revoke', entity: 'api_token', entityId: token.id, changes: { revokedAt: [null, revokedAt], afterRestore: [null, true] } });
    }
    const enabled = await tx.db.selectFrom('users').select(['id', 'email', 'role']).where('disabled', '=', false).execute();
    const toShut = enabled.filter((u) => shut.disabledEmails.has(u.email));
    // The live admin may be someone the backup does not know: if every admin the backup holds had been
    // disabled since, shutting them all would lock everyone out of administering kehu. They stay enabled.
    const adminLeft = enabled.some((u) => u.role === 'admin' && !shut.disabledEmails.has(u.email));
    const users = adminLeft ? toShut : toShut.filter((u) => u.role !== 'admin');
    for (const user of users) {
      await tx.db
        .updateTable('users')
        .set((eb) => ({ disabled: true, updated_at: now, version: eb('version', '+', 1) }))
        .where('id', '=', user.id)
        .execute();
      events.push({ action: 'update', entity: 'user', entityId: user.id, changes: { disabled: [false, true], afterRestore: [null, true] } });
    }
    const sessionsEnded = Number(sessions.numUpdatedRows);
    if (sessionsEnded > 0) events.push({ action: 'logout', entity: 'user', entityId: null, changes: { sessions: [sessionsEnded, 0], afterRestore: [null, true] } });
    await recordAuditEntries({ ...tx, actor }, events);
    return { sessionsEnded, resetLinksEnded: Number(links.numUpdatedRows), tokensRevoked: tokens.length, usersDisabled: users.length, adminsKept: toShut.length - users.length };
  });
}
