import { testKeyring } from './keyring.ts';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Deps, Role } from '../../src/core/context.ts';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { buildApp } from '../../src/server/app.ts';
import { WriteGate } from '../../src/core/backup/write-gate.ts';
import { FakeClock } from './clock.ts';
import type { TestDatabase } from './databases.ts';

export interface TestApi {
  app: FastifyInstance;
  deps: Deps;
  clock: FakeClock;
  /** A token of the admin created for the test. */
  token: string;
  /** Adds a user with a token; returns the token. */
  userToken(role: Role, email?: string): Promise<{ token: string; userId: number }>;
  /** An authenticated request (the admin's token unless `token` is given). */
  call(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>, token?: string): Promise<LightMyRequestResponse>;
}

let counter = 0;

/** The real app over a real test database, with a signed-in admin. */
export async function createTestApi(database: TestDatabase): Promise<TestApi> {
  const clock = new FakeClock();
  const deps: Deps = { db: database.db, dialect: database.dialect, clock, settings: { defaultRegion: 'CN' }, crypto: testKeyring, writeGate: new WriteGate() };
  const app = await buildApp({ deps });
  const userToken = async (role: Role, email = `user${++counter}-${Date.now()}@example.com`) => {
    const user = await createUser(deps, { email, name: `Test ${role}`, role }, null);
    const { token } = await createToken(deps, { email }, null);
    return { token, userId: user.id };
  };
  const admin = await userToken('admin');
  return {
    app,
    deps,
    clock,
    token: admin.token,
    userToken,
    call: (method, url, body, headers = {}, token = admin.token) =>
      app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}`, ...headers },
        ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
      }),
  };
}
