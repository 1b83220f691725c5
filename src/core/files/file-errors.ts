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
