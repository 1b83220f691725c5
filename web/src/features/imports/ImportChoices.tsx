import { Card, Checkbox, Radio, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ColumnMap, ImportPreviewShape } from './imports-api.ts';

export const ON_INVALID_VALUE = ['skip-row', 'keep-row'] as const;
export type OnInvalidValue = (typeof ON_INVALID_VALUE)[number];

/** A row with one bad phone or e-mail: reject it whole, or import it without that value. */
export function InvalidValueChoice({ value, onChange }: { value: OnInvalidValue; onChange: (value: OnInvalidValue) => void }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('imports.invalidValue.title')} style={{ marginTop: 12 }}>
      <Radio.Group
        value={value}
        onChange={(e) => onChange(e.target.value as OnInvalidValue)}
        options={ON_INVALID_VALUE.map((o) => ({ value: o, label: t(`imports.invalidValue.${o}`) }))}
        data-testid="on-invalid-value"
      />
    </Card>
  );
}

/** The columns the preview left out, still unmapped: kept only as custom fields, which an admin may accept. */
export const stillLeftOut = (preview: ImportPreviewShape, columns: ColumnMap) => preview.leftOut.filter((l) => (columns[l.column] ?? null) === null || columns[l.column] === `custom:${l.key}`);

/**
 * Columns nothing fits: named, never dropped unseen. An admin may keep them, each in a text
 * custom field of its own (mapped to custom:<key>, created with the import).
 */
export function LeftOutColumns({ preview, columns, isAdmin, onChange }: { preview: ImportPreviewShape; columns: ColumnMap; isAdmin: boolean; onChange: (columns: ColumnMap, keep: boolean) => void }) {
  const { t } = useTranslation();
  const left = stillLeftOut(preview, columns);
  if (left.length === 0) return null;
  const kept = left.every((l) => columns[l.column] === `custom:${l.key}`);
  const keep = (on: boolean) => onChange({ ...columns, ...Object.fromEntries(left.map((l) => [l.column, on ? `custom:${l.key}` : null])) }, on);
  return (
    <Card size="small" title={t('imports.leftOut.title', { count: left.length })} style={{ marginTop: 12 }} data-testid="left-out">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <div className="kehu-wrap">
          {left.map((l) => (
            <Tag key={l.column} style={{ marginBottom: 4 }}>
              {l.column}
              {kept && <span className="kehu-muted"> → custom:{l.key}</span>}
            </Tag>
          ))}
        </div>
        {isAdmin ? (
          <Checkbox checked={kept} onChange={(e) => keep(e.target.checked)} data-testid="keep-left-out">
            {t('imports.leftOut.keep', { count: left.length })}
          </Checkbox>
        ) : (
          <Typography.Text type="secondary">{t('imports.leftOut.adminOnly')}</Typography.Text>
        )}
        {!kept && <Typography.Text type="secondary">{t('imports.leftOut.notImported')}</Typography.Text>}
      </Space>
    </Card>
  );
}
