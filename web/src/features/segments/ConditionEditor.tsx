import type { TFunction } from 'i18next';
import { DeleteOutlined } from '@ant-design/icons';
import { Button, DatePicker, Input, InputNumber, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../admin/admin-api.ts';
import { useTags, useUsers } from '../customers/use-lookups.ts';
import { toMajor, toMinor } from '../deals/money.ts';
import { useTeams } from '../analytics/analytics-api.ts';
import { CUSTOM_PREFIX, FIELD_NAMES, fieldInfo, filterableCustom, operatorsOf, type Condition, type CustomFieldDef, type FieldInfo } from './segment-fields.ts';

const CURRENCIES = ['CNY', 'USD', 'EUR', 'GBP', 'HKD', 'JPY', 'SGD', 'AUD'];

/** A fresh condition on a field: its first operator and, where one is needed, an empty value. */
export function newCondition(field: string, custom: readonly CustomFieldDef[] = []): Condition {
  const info = fieldInfo(field, custom);
  const operator = info ? (operatorsOf(info)[0] ?? 'eq') : 'eq';
  return { field, operator, ...(info?.kind === 'money' ? { currency: 'CNY' } : {}) };
}

const isList = (info: FieldInfo, operator: string) => operator === 'in' || operator === 'notIn' || info.kind === 'tags' || info.kind === 'team' || info.kind === 'multiselect';

/** The customers' custom fields a condition can use (the same list the admin page and import read). */
function useCustomerFields(): CustomFieldDef[] {
  const fields = useQuery({ queryKey: ['admin', 'custom-fields'], queryFn: adminApi.customFields.list, staleTime: 60_000 });
  return filterableCustom((fields.data?.items ?? []).filter((f) => f.entity === 'customer'));
}

interface Props {
  condition: Condition;
  onChange: (next: Condition) => void;
  onRemove: () => void;
  /** the server's message for this condition, if the filter was refused */
  error?: string;
}

/** One condition: field, operator, value (and currency or period where the field needs them). */
export function ConditionEditor({ condition, onChange, onRemove, error }: Props) {
  const { t } = useTranslation();
  const custom = useCustomerFields();
  const info = fieldInfo(condition.field, custom);
  const set = (change: Partial<Condition>) => onChange({ ...condition, ...change });
  return (
    <div data-testid="segment-condition" style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'flex-start' }}>
      <Select
        showSearch
        optionFilterProp="label"
        style={{ width: 180 }}
        value={condition.field}
        onChange={(field: string) => onChange(newCondition(field, custom))}
        options={[
          { label: t('analytics.segments.builtIn'), options: FIELD_NAMES.map((f) => ({ value: f, label: t(`analytics.segments.fields.${f}`) })) },
          ...(custom.length > 0 ? [{ label: t('analytics.segments.customFields'), options: custom.map((f) => ({ value: `${CUSTOM_PREFIX}${f.key}`, label: f.label })) }] : []),
        ]}
        aria-label={t('analytics.segments.field')}
        data-testid="condition-field"
      />
      {info && (
        <Select
          style={{ width: 150 }}
          value={condition.operator}
          onChange={(operator: string) => set({ operator, value: isList(info, operator) === isList(info, condition.operator) && operator !== 'between' && condition.operator !== 'between' ? condition.value : undefined })}
          options={operatorsOf(info).map((op) => ({ value: op, label: t(`analytics.segments.ops.${op}`) }))}
          aria-label={t('analytics.segments.operator')}
          data-testid="condition-operator"
        />
      )}
      {info && <ValueInput info={info} condition={condition} onChange={(value) => set({ value })} />}
      {info?.kind === 'money' && (
        <Select style={{ width: 90 }} value={condition.currency} onChange={(currency: string) => set({ currency })} options={CURRENCIES.map((c) => ({ value: c, label: c }))} aria-label={t('analytics.filters.currency')} />
      )}
      {info?.source === 'orders' && (
        <InputNumber
          style={{ width: 170 }}
          min={1}
          max={36500}
          precision={0}
          value={condition.period?.lastDays ?? null}
          placeholder={t('analytics.segments.anyTime')}
          addonBefore={t('analytics.segments.lastDays')}
          onChange={(days) => { const { period: _, ...rest } = condition; onChange(days ? { ...rest, period: { lastDays: days } } : rest); }}
        />
      )}
      <Button type="text" icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('analytics.segments.removeCondition')} />
      {error && <div style={{ flexBasis: '100%', color: '#cf1322', fontSize: 12 }} role="alert">{error}</div>}
    </div>
  );
}

function ValueInput({ info, condition, onChange }: { info: FieldInfo; condition: Condition; onChange: (value: unknown) => void }) {
  const { t } = useTranslation();
  const { users } = useUsers();
  const tags = useTags();
  const teams = useTeams();
  const { operator, value } = condition;
  if (operator === 'isEmpty' || operator === 'isNotEmpty') return null;
  if (operator === 'withinLastDays' || operator === 'notWithinLastDays') {
    return <InputNumber min={1} max={36500} precision={0} value={typeof value === 'number' ? value : null} onChange={(v) => onChange(v ?? undefined)} addonAfter={t('analytics.segments.days')} style={{ width: 150 }} />;
  }
  const options = choices(info, t, users, tags.data ?? [], teams.data ?? []);
  if (isList(info, operator)) {
    const list = Array.isArray(value) ? value : [];
    return <Select mode={options ? 'multiple' : 'tags'} style={{ minWidth: 200 }} value={list} onChange={(v: unknown[]) => onChange(v.length ? v : undefined)} options={options} aria-label={t('analytics.segments.value')} data-testid="condition-value" />;
  }
  if (operator === 'between') {
    const pair = Array.isArray(value) ? value : [undefined, undefined];
    const setAt = (i: number, v: unknown) => { const next = [...pair]; next[i] = v; onChange(next); };
    return (
      <Space.Compact>
        <Single info={info} condition={condition} value={pair[0]} onChange={(v) => setAt(0, v)} />
        <Single info={info} condition={condition} value={pair[1]} onChange={(v) => setAt(1, v)} />
      </Space.Compact>
    );
  }
  if (options) return <Select showSearch optionFilterProp="label" style={{ minWidth: 160 }} value={value as string | number | boolean | undefined} onChange={onChange} options={options} aria-label={t('analytics.segments.value')} data-testid="condition-value" />;
  return <Single info={info} condition={condition} value={value} onChange={onChange} />;
}

/** One typed value: a date, a count, an amount in major units (stored in minor units), a percentage (stored as a share), or text. */
function Single({ info, condition, value, onChange }: { info: FieldInfo; condition: Condition; value: unknown; onChange: (value: unknown) => void }) {
  const { t } = useTranslation();
  const num = typeof value === 'number' ? value : null;
  switch (info.kind) {
    case 'date':
      return <DatePicker value={typeof value === 'string' ? dayjs(value) : null} onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)} />;
    case 'count':
      return <InputNumber min={0} precision={0} value={num} onChange={(v) => onChange(v ?? undefined)} style={{ width: 110 }} data-testid="condition-value" />;
    case 'number':
      return <InputNumber value={num} onChange={(v) => onChange(v ?? undefined)} style={{ width: 130 }} data-testid="condition-value" />;
    case 'money': {
      const currency = condition.currency ?? 'CNY';
      return <InputNumber min={0} value={num === null ? null : toMajor(num, currency)} onChange={(v) => onChange(v === null ? undefined : toMinor(v, currency))} style={{ width: 140 }} data-testid="condition-value" />;
    }
    case 'share':
      return <InputNumber min={0} max={100} value={num === null ? null : Math.round(num * 1000) / 10} onChange={(v) => onChange(v === null ? undefined : v / 100)} addonAfter="%" style={{ width: 120 }} data-testid="condition-value" />;
    default:
      return <Input style={{ width: 180 }} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)} placeholder={t('analytics.segments.value')} data-testid="condition-value" />;
  }
}

type Option = { value: string | number | boolean; label: string };

/** The values a field can take when they are a known list (enums, people, teams, tags); null for free input. */
function choices(info: FieldInfo, t: TFunction, users: Array<{ id: number; name: string }>, tags: Array<{ name: string }>, teams: Array<{ id: number; name: string }>): Option[] | undefined {
  switch (info.kind) {
    case 'user':
      return [{ value: 'me', label: t('analytics.segments.me') }, ...users.map((u) => ({ value: u.id, label: u.name }))];
    case 'team':
      return teams.map((team) => ({ value: team.id, label: team.name }));
    case 'tags':
      return tags.map((tag) => ({ value: tag.name, label: tag.name }));
    case 'enum':
    case 'multiselect':
      return info.values?.map((v) => ({ value: v, label: enumLabel(info, v, t) }));
    case 'boolean':
      return [{ value: true, label: t('analytics.segments.yes') }, { value: false, label: t('analytics.segments.no') }];
    default:
      return undefined;
  }
}

function enumLabel(info: FieldInfo, value: string, t: TFunction): string {
  if (info.values?.includes('lead')) return t(`stages.${value as 'lead'}`);
  if (info.values?.includes('company')) return t(`kinds.${value as 'company'}`);
  if (info.values?.includes('champions')) return t(`analytics.segments.rfmGroups.${value as 'champions'}`);
  return value;
}
