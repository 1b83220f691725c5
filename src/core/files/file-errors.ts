import { codedError, type AppError, type ErrorCode } from '../../domain/errors.ts';
import type { MessageCode } from '../../domain/messages.ts';

// The file system's refusals that a path a person chose meets (a folder that cannot be made, a full disk), by errno.
const FILE_ERRORS: Record<string, [ErrorCode, MessageCode]> = {
  ENOENT: ['validation', 'backup.fs_missing'],
  EACCES: ['validation', 'backup.fs_denied'],
  EPERM: ['validation', 'backup.fs_denied'],
  ENOSPC: ['unavailable', 'backup.fs_full'],
  EDQUOT: ['unavailable', 'backup.fs_full'],
  EROFS: ['validation', 'backup.fs_read_only'],
  ENOTDIR: ['validation', 'backup.fs_not_a_folder'],
  EISDIR: ['validation', 'backup.fs_is_a_folder'],
  ENOTEMPTY: ['validation', 'backup.fs_is_a_folder'],
};

/** A Node file-system error that names its path, as a coded error that says what was wrong in any language; else null. */
export function fileSystemError(error: unknown): AppError | null {
  const { code: errno, path } = (error ?? {}) as NodeJS.ErrnoException;
  const known = errno ? FILE_ERRORS[errno] : undefined;
  if (!known || !errno || !path) return null;
  return codedError(known[0], known[1], { path, errno }, { cause: error });
}

/**
 * zlib's refusal of a damaged stream ("incorrect header check", "invalid block type", "unexpected end
 * of file") as a coded error saying at which byte of the file unpacking failed; zlib's English stays
 * in `reason` for the log. Null for any other error.
 */
export function unpackError(error: unknown, messageCode: MessageCode, params: { at: number } & Record<string, string | number>): AppError | null {
  const { code } = (error ?? {}) as NodeJS.ErrnoException;
  if (typeof code !== 'string' || !code.startsWith('Z_')) return null;
  return codedError('validation', messageCode, { ...params, reason: (error as Error).message }, { cause: error });
}
