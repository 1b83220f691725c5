import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Popover } from 'antd';
import { useTranslation } from 'react-i18next';
import { columnLabel, OPTIONAL_COLUMNS, type OptionalColumn } from './columns.tsx';

export function ColumnChooser({ value, onChange }: { value: OptionalColumn[]; onChange: (columns: OptionalColumn[]) => void }) {
  const { t } = useTranslation();
  const content = (
    <Checkbox.Group
      style={{ display: 'grid', gap: 6 }}
      value={value}
      onChange={(checked) => onChange(OPTIONAL_COLUMNS.filter((c) => checked.includes(c)))}
      options={OPTIONAL_COLUMNS.map((c) => ({ value: c, label: columnLabel(t, c) }))}
    />
  );
  return (
    <Popover trigger="click" content={content} title={t('customers.columns')} placement="bottomRight">
      <Button icon={<SettingOutlined />} aria-label={t('customers.columns')}>
        {t('customers.columns')}
      </Button>
    </Popover>
  );
}
