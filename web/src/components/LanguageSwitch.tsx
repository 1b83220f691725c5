import { GlobalOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../app/i18n/index.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Select<Language>
      aria-label={t('app.language')}
      data-testid="language-switch"
      value={i18n.language as Language}
      onChange={setLanguage}
      variant="borderless"
      suffixIcon={<GlobalOutlined />}
      options={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
      popupMatchSelectWidth={false}
    />
  );
}
