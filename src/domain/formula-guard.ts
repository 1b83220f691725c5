const FORMULA_START = /^[=+\-@\t\r]/;
// Phone numbers and signed amounts ("+86 138…", "-12.5") start with + or - but cannot call anything.
const HARMLESS_SIGNED = /^[+-][\d\s().;+-]*$/;

const runsAsFormula = (text: string): boolean => FORMULA_START.test(text) && !HARMLESS_SIGNED.test(text);

/**
 * A value a spreadsheet would run as a formula (=…, @…, a signed word) with a leading ' so it
 * stays text: the formula-injection guard of exported files.
 */
export const guardFormula = (text: string): string => (runsAsFormula(text) ? `'${text}` : text);

/** The value guardFormula guarded, as spreadsheets read it back: the ' before a would-be formula dropped. */
export const unguardFormula = (text: string): string => (text.startsWith("'") && runsAsFormula(text.slice(1)) ? text.slice(1) : text);
