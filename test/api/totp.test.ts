import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyIdOf } from '../../src/core/crypto/cipher.ts';
import { makeKeyring } from '../../src/core/crypto/keyring.ts';
import { newStoredKey } from '../../src/core/crypto/load-keyring.ts';
import { resealTotpSecrets } from '../../src/core/sessions/reseal-totp.ts';
import { base32Decode, totpCode } from '../../src/core/sessions/totp.ts';
import { setPassword } from '../../src/core/users/set-password.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

const PASSWORD = 'correct horse battery';
let counter = 0;

forEachDialect('two-factor sign-in (TOTP)', (db) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi(db());
  });

  interface Person {
    email: string;
    userId: number;
    token: string;
    ip: string;
    /** a request from this person's browser session, opened before two-factor was on */
    session: (method: 'POST' | 'GET', url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  }

  const person = async (): Promise<Person> => {
    const email = `totp${++counter}@example.com`;
    const { token, userId } = await api.userToken('sales', email);
    await setPassword(api.deps, email, PASSWORD);
    const ip = `10.30.${counter}.1`;
    const signedIn = await api.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD }, remoteAddress: ip });
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
    const csrf = signedIn.json().csrfToken as string;
    const session: Person['session'] = (method, url, body) =>
      api.app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrf }, remoteAddress: ip, ...(body === undefined ? {} : { payload: body as object }) });
    return { email, userId, token, ip, session };
  };

  const login = (who: Person, totp?: string, ip = who.ip): Promise<LightMyRequestResponse> =>
    api.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: who.email, password: PASSWORD, ...(totp === undefined ? {} : { totp }) }, remoteAddress: ip });

  /** The code an authenticator app holding `secret` shows, `offsetSteps` steps from the test clock's now. */
  const codeOf = (secret: string, offsetSteps = 0) => totpCode(base32Decode(secret)!, new Date(api.clock.now().getTime() + offsetSteps * 30_000));

  /** A person with two-factor sign-in turned on; the clock is moved past the step used to enable it. */
  const enrolled = async () => {
    const who = await person();
    const setup = (await who.session('POST', '/api/v1/auth/totp/setup')).json();
    const enabled = await who.session('POST', '/api/v1/auth/totp/enable', { code: codeOf(setup.secret) });
    expect(enabled.statusCode, enabled.body).toBe(200);
    api.clock.advance(30_000);
    return { ...who, secret: setup.secret as string, recoveryCodes: enabled.json().recoveryCodes as string[] };
  };

  describe('enrolment', () => {
    it('gives a secret and otpauth URI, turns on only with a current code, and keeps the secret encrypted', async () => {
      const who = await person();
      const setup = await who.session('POST', '/api/v1/auth/totp/setup');
      expect(setup.statusCode).toBe(200);
      const { secret, uri } = setup.json();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(uri).toBe(`otpauth://totp/kehu:${who.email}?secret=${secret}&issuer=kehu&algorithm=SHA1&digits=6&period=30`);
      const stored = await db().db.selectFrom('users').select(['totp_secret_enc', 'totp_enabled']).where('id', '=', who.userId).executeTakeFirstOrThrow();
      expect(stored.totp_secret_enc).toMatch(/^v1:/);
      expect(stored.totp_secret_enc).not.toContain(secret);
      expect(Boolean(stored.totp_enabled)).toBe(false);
      // not in force yet: the password alone still signs in
      expect((await login(who)).statusCode).toBe(200);

      const wrong = await who.session('POST', '/api/v1/auth/totp/enable', { code: codeOf(secret, 3) });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().errors[0].field).toBe('code');
      const enabled = await who.session('POST', '/api/v1/auth/totp/enable', { code: codeOf(secret) });
      expect(enabled.statusCode).toBe(200);
      const codes = enabled.json().recoveryCodes as string[];
      expect(codes).toHaveLength(8);
      expect(new Set(codes).size).toBe(8);
      for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
      const hashes = await db().db.selectFrom('user_recovery_codes').select('code_hash').where('user_id', '=', who.userId).execute();
      expect(hashes).toHaveLength(8);
      expect(hashes.some((h) => codes.some((c) => h.code_hash.includes(c.replaceAll('-', ''))))).toBe(false);

      const me = await api.call('GET', '/api/v1/auth/me', undefined, {}, who.token);
      expect(me.json().user.totpEnabled).toBe(true);
      expect((await who.session('POST', '/api/v1/auth/totp/setup')).statusCode).toBe(409);
      expect((await who.session('POST', '/api/v1/auth/totp/enable', { code: codeOf(secret) })).statusCode).toBe(409);
      const [entry] = (await api.call('GET', `/api/v1/audit?entity=user&entityId=${who.userId}&action=permission_change`)).json().items;
      expect(entry.changes).toEqual({ totpEnabled: [false, true] });
      expect(JSON.stringify(entry)).not.toContain(secret);
    });

    it('is refused to an API token: only the person’s own signed-in session may enrol', async () => {
      const who = await person();
      for (const url of ['/api/v1/auth/totp/setup', '/api/v1/auth/totp/enable', '/api/v1/auth/totp/disable']) {
        const res = await api.call('POST', url, url.endsWith('setup') ? undefined : { code: '123456' }, {}, who.token);
        expect(res.statusCode, url).toBe(403);
      }
      const row = await db().db.selectFrom('users').select('totp_secret_enc').where('id', '=', who.userId).executeTakeFirstOrThrow();
      expect(row.totp_secret_enc).toBeNull();
    });

    it('refuses enable before setup', async () => {
      const who = await person();
      const res = await who.session('POST', '/api/v1/auth/totp/enable', { code: '123456' });
      expect(res.statusCode).toBe(409);
      expect(res.json().detail).toMatch(/setup/);
    });
  });

  describe('sign-in', () => {
    it('asks for the code after a right password, with a flag and no session', async () => {
      const who = await enrolled();
      const res = await login(who);
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ status: 401, totpRequired: true });
      expect(res.headers['set-cookie']).toBeUndefined();
      // a wrong password says nothing about two-factor sign-in
      const wrong = await api.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: who.email, password: 'not the password', totp: codeOf(who.secret) }, remoteAddress: who.ip });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().totpRequired).toBeUndefined();
    });

    it('signs in with a current code, or one from the step before, and never accepts a code twice', async () => {
      const who = await enrolled();
      const code = codeOf(who.secret);
      const ok = await login(who, code);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(String(ok.headers['set-cookie'])).toMatch(/^kehu_session=/);
      expect(ok.json().user).toMatchObject({ email: who.email, totpEnabled: true });

      const replay = await login(who, code);
      expect(replay.statusCode).toBe(401);
      expect(replay.json().totpRequired).toBe(true);
      expect(replay.headers['set-cookie']).toBeUndefined();

      api.clock.advance(30_000);
      // the previous step's code was the one just used: still refused
      expect((await login(who, codeOf(who.secret, -1))).statusCode).toBe(401);
      expect((await login(who, codeOf(who.secret))).statusCode).toBe(200);
      api.clock.advance(30_000);
      expect((await login(who, codeOf(who.secret, -2))).statusCode).toBe(401);
      // a code typed just before the step turned over still works
      api.clock.advance(30_000);
      expect((await login(who, codeOf(who.secret, -1))).statusCode).toBe(200);
    });

    it('counts wrong codes toward the brute-force slow-down', async () => {
      const who = await enrolled();
      const right = codeOf(who.secret);
      const wrong = right === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) expect((await login(who, wrong)).statusCode).toBe(401);
      const slowed = await login(who, right);
      expect(slowed.statusCode).toBe(429);
      expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);
      const failures = await db().db.selectFrom('audit_log').select(['action', 'changes']).where('ip', '=', who.ip).where('action', '=', 'login_failed').execute();
      expect(failures.length).toBeGreaterThanOrEqual(5);
      expect(JSON.stringify(db().dialect.parseJson(failures[0]!.changes))).toContain('totp-wrong');
      api.clock.advance(16 * 60_000);
      expect((await login(who, codeOf(who.secret))).statusCode).toBe(200);
    });

    it('accepts each recovery code once, in any case and with or without dashes', async () => {
      const who = await enrolled();
      const [first, second] = who.recoveryCodes;
      const ok = await login(who, first!.toLowerCase());
      expect(ok.statusCode).toBe(200);
      expect((await login(who, first!)).statusCode).toBe(401);
      expect((await login(who, second!.replaceAll('-', ''))).statusCode).toBe(200);
      expect((await login(who, 'AAAA-BBBB-CCCC-DDDD')).statusCode).toBe(401);
      const logins = await db().db.selectFrom('audit_log').select('changes').where('ip', '=', who.ip).where('action', '=', 'login').execute();
      // The first sign-in opened the browser session, before two-factor was on.
      expect(logins.map((r) => db().dialect.parseJson<{ factor?: unknown[] }>(r.changes).factor?.[1])).toEqual([undefined, 'recovery', 'recovery']);
    });
  });

  describe('turning it off', () => {
    it('needs the password or a code; then the password alone signs in again', async () => {
      const who = await enrolled();
      const wrongPassword = await who.session('POST', '/api/v1/auth/totp/disable', { password: 'not my password' });
      expect(wrongPassword.statusCode).toBe(400);
      expect(wrongPassword.json().errors[0].field).toBe('password');
      const wrongCode = await who.session('POST', '/api/v1/auth/totp/disable', { code: 'AAAA-BBBB-CCCC-DDDD' });
      expect(wrongCode.statusCode).toBe(400);
      expect((await who.session('POST', '/api/v1/auth/totp/disable', {})).statusCode).toBe(400);
      expect((await login(who)).statusCode).toBe(401);

      expect((await who.session('POST', '/api/v1/auth/totp/disable', { password: PASSWORD })).statusCode).toBe(204);
      expect((await login(who)).statusCode).toBe(200);
      const row = await db().db.selectFrom('users').select(['totp_secret_enc', 'totp_enabled']).where('id', '=', who.userId).executeTakeFirstOrThrow();
      expect(row.totp_secret_enc).toBeNull();
      expect(await db().db.selectFrom('user_recovery_codes').select('id').where('user_id', '=', who.userId).execute()).toEqual([]);
      expect((await who.session('POST', '/api/v1/auth/totp/disable', { password: PASSWORD })).statusCode).toBe(409);
    });

    it('slows down guessing like the sign-in form does', async () => {
      const who = await enrolled();
      const answers: number[] = [];
      for (let i = 0; i < 7; i++) answers.push((await who.session('POST', '/api/v1/auth/totp/disable', { password: `guess ${i} of many` })).statusCode);
      expect(answers.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
      expect(answers.at(-1)).toBe(429);
      expect((await who.session('POST', '/api/v1/auth/totp/disable', { password: PASSWORD })).statusCode).toBe(429);
    });

    it('can be done with a current code', async () => {
      const who = await enrolled();
      expect((await who.session('POST', '/api/v1/auth/totp/disable', { code: codeOf(who.secret) })).statusCode).toBe(204);
      expect((await api.call('GET', '/api/v1/auth/me', undefined, {}, who.token)).json().user.totpEnabled).toBe(false);
    });

    it('can be done by an admin for someone who lost their phone, but not turned on by one', async () => {
      const who = await enrolled();
      const on = await api.call('PATCH', `/api/v1/users/${who.userId}`, { totpEnabled: true });
      expect(on.statusCode).toBe(400);
      const off = await api.call('PATCH', `/api/v1/users/${who.userId}`, { totpEnabled: false });
      expect(off.statusCode).toBe(200);
      expect(off.json().totpEnabled).toBe(false);
      expect((await login(who)).statusCode).toBe(200);
      const [entry] = (await api.call('GET', `/api/v1/audit?entity=user&entityId=${who.userId}&action=permission_change`)).json().items;
      expect(entry.changes).toEqual({ totpEnabled: [true, false] });
    });
  });

  describe('key rotation', () => {
    it('re-encrypts TOTP secrets under the new key, and sign-in with a code still works', async () => {
      const who = await enrolled();
      const fresh = newStoredKey(api.clock.now());
      const rotated = makeKeyring([...api.deps.crypto.stored, fresh]);
      expect(await resealTotpSecrets(api.deps, rotated)).toBeGreaterThanOrEqual(1);
      const rows = await db().db.selectFrom('users').select('totp_secret_enc').where('totp_secret_enc', 'is not', null).execute();
      expect(rows.every((r) => keyIdOf(r.totp_secret_enc!) === rotated.current.id)).toBe(true);
      expect(await resealTotpSecrets(api.deps, rotated)).toBe(0);

      const original = api.deps.crypto;
      api.deps.crypto = rotated;
      try {
        expect((await login(who, codeOf(who.secret))).statusCode).toBe(200);
      } finally {
        api.deps.crypto = original;
        // back under the test key, so nothing after this test meets a key it does not hold
        await resealTotpSecrets(api.deps, makeKeyring([fresh, ...original.stored]));
      }
    });
  });
});
