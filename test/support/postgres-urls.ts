export const TEMPLATE_PREFIX = 'kehu_tpl_';

/** A PostgreSQL server the tests may create and drop databases on. */
export const adminUrl = (): string => process.env.KEHU_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}
