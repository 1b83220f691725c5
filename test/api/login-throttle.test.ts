import { beforeAll, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createUser } from '../../src/core/users/create-user.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

const PASSWORD = 'correct horse battery';
let counter = 0;

forEachDialect('sign-in throttling', (db) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi(db());
  });

  const person = async (role: 'admin' | 'sales' = 'sales') => {
    const email = `throttle${++counter}-${Date.now()}@example.com`;
    await createUser(api.deps, { email, name: 'Someone', role, password: PASSWORD }, null);
    return email;
  };
  const login = (email: string, password: string, ip: string) =>
    api.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });
  const statuses = (responses: LightMyRequestResponse[]) =>
    responses.reduce<Record<number, number>>((counts, r) => ({ ...counts, [r.statusCode]: (counts[r.statusCode] ?? 0) + 1 }), {});

  it('counts each guess before checking it: 200 parallel wrong passwords meet 429 after the fifth', async () => {
    const email = await person();
    const guesses = await Promise.all(Array.from({ length: 200 }, (_, i) => login(email, `guess ${i}`, '10.200.0.1')));
    expect(statuses(guesses)).toEqual({ 401: 5, 429: 195 });
    expect(Number(guesses.find((r) => r.statusCode === 429)?.headers['retry-after'])).toBeGreaterThan(0);
  }, 120_000);

  it('lets no burst through with the right password hidden among the guesses after the fifth', async () => {
    const email = await person();
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => login(email, i === 20 ? PASSWORD : `guess ${i}`, '10.200.0.2')));
    expect(burst.filter((r) => r.statusCode === 200).length + burst.filter((r) => r.statusCode === 401).length).toBe(5);
  }, 120_000);

  it('does not lock the admin out because a colleague at the same address mistyped e-mails', async () => {
    const office = '10.201.0.1';
    const admin = await person('admin');
    expect((await login(admin, PASSWORD, office)).statusCode).toBe(200);
    const typos = await Promise.all(Array.from({ length: 6 }, (_, i) => login(`typo${i}-${counter}@example.com`, 'whatever', office)));
    expect(statuses(typos)).toEqual({ 401: 6 });
    const colleague = await person();
    expect(statuses(await Promise.all(Array.from({ length: 6 }, (_, i) => login(colleague, `oops ${i}`, office))))).toEqual({ 401: 5, 429: 1 });
    expect((await login(colleague, PASSWORD, office)).statusCode).toBe(429);
    expect((await login(admin, PASSWORD, office)).statusCode).toBe(200);
  }, 120_000);

  it('keeps strangers elsewhere from locking a user out at their usual address, yet slows them', async () => {
    const email = await person();
    expect((await login(email, PASSWORD, '10.202.0.1')).statusCode).toBe(200);
    const spread = await Promise.all(Array.from({ length: 10 }, (_, i) => login(email, `guess ${i}`, `10.203.0.${i + 1}`)));
    expect(statuses(spread)).toEqual({ 401: 5, 429: 5 });
    expect((await login(email, PASSWORD, '10.203.1.1')).statusCode).toBe(429);
    expect((await login(email, PASSWORD, '10.202.0.1')).statusCode).toBe(200);
  }, 120_000);

  it('stores no password typed into the e-mail field', async () => {
    const secret = 'Tr0ub4dor&3-secret';
    expect((await login(secret, 'x', '10.204.0.1')).statusCode).toBe(401);
    expect((await login(`${secret}@`, 'x', '10.204.0.1')).statusCode).toBe(401);
    const audit = await db().db.selectFrom('audit_log').select('changes').where('ip', '=', '10.204.0.1').execute();
    expect(audit).toHaveLength(2);
    const attempts = await db().db.selectFrom('login_attempts').select('email').where('ip', '=', '10.204.0.1').execute();
    expect(attempts).toHaveLength(2);
    expect(JSON.stringify([audit, attempts])).not.toContain('Tr0ub4dor');
    expect(JSON.stringify(audit)).toContain('(not an e-mail address)');
  });

  it('throttles guessing the current password through a stolen session', async () => {
    const email = await person();
    const signedIn = await login(email, PASSWORD, '10.205.0.1');
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0] ?? '';
    const headers = { cookie, 'x-csrf-token': signedIn.json().csrfToken as string };
    const change = (currentPassword: string) =>
      api.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers, payload: { currentPassword, newPassword: 'a brand new passphrase' }, remoteAddress: '10.205.0.1' });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => change(`guess ${i}`)));
    expect(statuses(answers)).toEqual({ 400: 5, 429: 15 });
    expect((await change(PASSWORD)).statusCode).toBe(429);
  }, 120_000);
});

forEachDialect('old sign-in attempts are pruned', (db) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi(db());
  });

  const login = (email: string, password: string, ip: string) =>
    api.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });
  const attemptsFrom = async (ip: string) =>
    (await db().db.selectFrom('login_attempts').select(['succeeded']).where('ip', '=', ip).execute()).map((r) => Boolean(r.succeeded)).sort();
  const HOUR = 60 * 60_000;
  const DAY = 24 * HOUR;

  it('forgets failures after a day and successes after 30 days, yet a familiar address stays familiar until then', async () => {
    const email = `pruned-${Date.now()}@example.com`;
    await createUser(api.deps, { email, name: 'Pruned', role: 'sales', password: PASSWORD }, null);
    for (let i = 0; i < 3; i++) expect((await login(email, `guess ${i}`, '10.210.0.1')).statusCode).toBe(401);
    expect((await login(email, PASSWORD, '10.210.0.1')).statusCode).toBe(200);
    expect(await attemptsFrom('10.210.0.1')).toEqual([false, false, false, true]);

    api.clock.advance(23 * HOUR);
    expect((await login(email, 'another guess', '10.210.0.2')).statusCode).toBe(401);
    expect(await attemptsFrom('10.210.0.1'), 'kept within a day').toEqual([false, false, false, true]);

    api.clock.advance(2 * HOUR);
    expect((await login(email, 'another guess', '10.210.0.2')).statusCode).toBe(401);
    expect(await attemptsFrom('10.210.0.1'), 'failures gone after a day').toEqual([true]);
    expect(await attemptsFrom('10.210.0.2')).toEqual([false, false]);

    api.clock.advance(28 * DAY);
    // Still familiar: strangers' failures elsewhere do not slow the user at their desk.
    for (let i = 0; i < 6; i++) await login(email, `stranger ${i}`, `10.211.0.${i + 1}`);
    expect((await login(email, PASSWORD, '10.210.0.1')).statusCode).toBe(200);

    api.clock.advance(31 * DAY);
    expect((await login('nobody@example.com', 'x', '10.212.0.1')).statusCode).toBe(401);
    const left = await db().db.selectFrom('login_attempts').select(['ip', 'succeeded']).execute();
    expect(left.map((r) => r.ip)).toEqual(['10.212.0.1']);
  }, 60_000);
});
