import type { TFunction } from 'i18next';

/**
 * A text field's limit, said under the field when passed. An input's maxLength would cut a pasted
 * name short without a word, and the shortened name would be saved.
 */
export const lengthRule = (t: TFunction, max: number) => ({ max, message: t('app.tooLong', { max }) });
