import type { BackupCheck } from '../core/backup/backup-checks.ts';
import type { BackupRunShape } from '../domain/backup.ts';
import { formatMessage, type MessageParams } from '../domain/messages.ts';
import { say } from './cli-words.ts';
import type { CliIo } from './io.ts';

const CHECK_NAMES_ZH: Record<BackupCheck['check'], string> = { file: '文件', schema: '结构', key: '密钥', integrity: '完整性', rows: '行数', checksums: '校验和', audit: '审计链', upgrade: '升级' };

/** A coded text in the CLI's language, else its English. */
export const codedText = (io: CliIo, english: string, code: string | null | undefined, params: unknown): string =>
  (io.language === 'zh' && code ? formatMessage('zh', code, (params ?? {}) as MessageParams) : null) ?? english;

/** A restore test's checks, one line each: ok or FAIL, the check, what was found. */
export function checkLines(io: CliIo, checks: BackupCheck[]): string[] {
  const zh = io.language === 'zh';
  const width = zh ? 6 : 10;
  return checks.map((c) => {
    const name = zh ? CHECK_NAMES_ZH[c.check] : c.check;
    const pad = ' '.repeat(Math.max(0, width - (zh ? name.length * 2 : name.length)));
    const verdict = c.ok ? say(io, 'ok  ') : c.code === 'backup.check_not_run' ? say(io, 'skip') : say(io, 'FAIL');
    return `${verdict} ${name}${pad} ${codedText(io, c.detail, c.code, c.params)}`;
  });
}

/** Why a listed backup file cannot be read. */
export const problemText = (io: CliIo, b: { problem: string | null; problemCode?: string | null; problemParams?: MessageParams | null }) => codedText(io, b.problem ?? '', b.problemCode, b.problemParams);

/** Why a backup job failed, as stored with the run. */
export const runError = (io: CliIo, run: Pick<BackupRunShape, 'error' | 'errorCode' | 'errorParams'>) => codedText(io, run.error ?? '', run.errorCode, run.errorParams);
