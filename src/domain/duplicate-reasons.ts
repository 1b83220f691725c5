import { formatMessage, type Language, type MessageCode, type MessageParams } from './messages.ts';

/** Why two records look like one, as a message code and its parameters: `duplicate.same_phone` { phones }. */
export interface DuplicateReason {
  code: Extract<MessageCode, `duplicate.${string}`>;
  params: MessageParams;
}

export const why = (code: DuplicateReason['code'], params: MessageParams = {}): DuplicateReason => ({ code, params });

/** A reason in the language. */
export const reasonText = (reason: DuplicateReason, language: Language): string => formatMessage(language, reason.code, reason.params) ?? reason.code;

/**
 * A stored reason as the API gives it: a code with its parameters (pairs found since reasons had
 * codes) or only the English text of older scans, which then has no code.
 */
export function storedReason(stored: unknown): { text: string; reason: DuplicateReason | null } {
  if (typeof stored === 'string') return { text: stored, reason: null };
  const reason = stored as DuplicateReason;
  return { text: reasonText(reason, 'en'), reason };
}

/** A pair's (or candidate's) reasons in the language: from their codes where it has them, else the English text. */
export function reasonsIn(found: { reasons: string[]; reasonCodes: Array<{ code: string; params: MessageParams }> }, language: Language): string[] {
  if (found.reasonCodes.length !== found.reasons.length) return found.reasons;
  return found.reasonCodes.map((r, i) => formatMessage(language, r.code, r.params) ?? found.reasons[i] ?? r.code);
}
