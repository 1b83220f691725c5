const FORMULA_START = /^[=+\-@\t\r]/;
// Phone numbers and signed amounts ("+86 138…", "-12.5") start with + or - but cannot call anything.
const HARMLESS_SIGNED = /^[+-][\d\s().;+-]*$/;

const runsAsFormula = (text: string): boolean => FORMULA_START.test(text) && !HARMLESS_SIGNED.test(text);
// A would-be formula behind any number of ': the guard's own ' and a value's own ones alike.
const needsGuard = (text: string): boolean => runsAsFormula(text.replace(/^'+/, ''));

/**
 * A value a spreadsheet would run as a formula (=…, @…, a signed word) with a leading ' so it
 * stays text: the formula-injection guard of exported files. A value that itself starts with '
 * before such text ('=x) gets one more, so unguardFormula reads it back exactly.
 */
export const guardFormula = (text: string): string => (needsGuard(text) ? `'${text}` : text);

/** The value guardFormula guarded, as spreadsheets read it back: the guard's ' dropped. */
export const unguardFormula = (text: string): string => (text.startsWith("'") && needsGuard(text.slice(1)) ? text.slice(1) : text);
