import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/core/db/create-db.ts';
import { migrate } from '../src/core/db/migrate.ts';
import { adminUrl, databaseUrl, TEMPLATE_PREFIX } from './support/postgres-urls.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string | null;
  }
}

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Builds one migrated template database; each PostgreSQL suite copies it and drops its copy. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const wanted = (process.env.KEHU_TEST_DIALECTS ?? 'sqlite,postgres').split(',');
  if (!wanted.includes('postgres')) {
    project.provide('pgTemplate', null);
    return async () => undefined;
  }
  if (!(await reachable())) {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL is unreachable at ${adminUrl()} and CI=true: failing the run.`);
    console.warn(`\n  ! PostgreSQL unreachable at ${adminUrl()}: PostgreSQL tests are skipped.\n`);
    project.provide('pgTemplate', null);
    return async () => undefined;
  }
  const template = `${TEMPLATE_PREFIX}${process.pid}_${Date.now()}`;
  await admin(`create database ${template}`);
  const database = openDatabase({ url: databaseUrl(template), dataDir: '' });
  await migrate(database);
  await database.close();
  project.provide('pgTemplate', template);
  return async () => {
    await admin(`drop database if exists ${template} with (force)`);
  };
}
