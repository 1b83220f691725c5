import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** A placeholder until the import wizard lands. */
export default function ImportPage() {
  const { t } = useTranslation();
  return (
    <Card title={t('importPage.title')}>
      <Typography.Paragraph>{t('importPage.placeholder')}</Typography.Paragraph>
      <Typography.Paragraph>
        <code>npx kehu import customers.csv --dry-run</code>
      </Typography.Paragraph>
    </Card>
  );
}
