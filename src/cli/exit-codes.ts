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
