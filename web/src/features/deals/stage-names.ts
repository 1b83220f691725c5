import { useTranslation } from 'react-i18next';

export { stageOutcome } from '../../../../src/domain/stage-outcome.ts';

// The default pipeline names its stages in both languages ("Lead 线索"); each language shows its half.
const BILINGUAL = /^([A-Za-z][A-Za-z0-9 &/'-]*?)\s+([\u3400-\u9fff\uf900-\ufaff][^A-Za-z]*)$/;

/** A stage name in the reader's language: the matching half of a bilingual "English 中文" name, else as named. */
export function stageName(name: string, lang: string): string {
  const match = BILINGUAL.exec(name.trim());
  if (!match) return name;
  return (lang === 'zh' ? match[2] : match[1])!.trim();
}

export function useStageName() {
  const { i18n } = useTranslation();
  return (name: string) => stageName(name, i18n.language);
}
