import type { ErrorCode } from '../domain/errors.ts';

/** Exit codes by error kind, so scripts can tell "bad input" from "not found" from "broken". */
export const EXIT_CODES: Record<ErrorCode, number> = {
  validation: 2,
  unauthorized: 3,
  forbidden: 3,
  not_found: 4,
  conflict: 5,
  stale: 5,
  precondition_required: 5,
  payload_too_large: 2,
  unsupported_media_type: 2,
  unprocessable: 2,
  rate_limited: 6,
  unavailable: 6,
  internal: 1,
};

/** Exit codes of a command that finished but not as a plain success (`kehu import`: rows rejected, values left out). */
export const PARTIAL_EXIT = { rowsRejected: 7, valuesDropped: 8 } as const;

/** Thrown by a command whose output is printed already, to end with a non-zero exit code. */
export class ExitStatus extends Error {
  readonly exitCode: number;

  constructor(exitCode: number, message: string) {
    super(message);
    this.exitCode = exitCode;
  }
}
