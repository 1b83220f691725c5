import { readFileSync } from 'node:fs';

/** The version in kehu's package.json, read once: backups and archives record which kehu wrote them. */
export const KEHU_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
