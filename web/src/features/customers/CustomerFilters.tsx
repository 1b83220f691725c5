import { DatePicker, Input, Select } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../app/session.tsx';
import type { CustomerFilter } from '../../lib/api.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { CUSTOMER_KINDS, CUSTOMER_LEVELS, CUSTOMER_STAGES } from './customer-filters.ts';
import { useTags, useUsers } from './use-lookups.ts';

interface Props {
  filter: CustomerFilter;
  onChange: (patch: Partial<CustomerFilter>) => void;
}

/** Owner, stage, level, type, tag, city, creation and last-contact dates. */
export function CustomerFilters({ filter, onChange }: Props) {
  const { t } = useTranslation();
  const me = useUser();
  const { users } = useUsers();
  const tags = useTags();
  const [city, setCity] = useState(filter.city ?? '');
  const settledCity = useDebounced(city, 300);
  useEffect(() => {
    if ((settledCity.trim() || undefined) !== filter.city) onChange({ city: settledCity.trim() || undefined });
  }, [settledCity]);
  useEffect(() => setCity(filter.city ?? ''), [filter.city]);

  const ownerOptions = [{ value: me.id, label: `${t('customers.mine')} (${me.name})` }, ...users.filter((u) => u.id !== me.id).map((u) => ({ value: u.id, label: u.name }))];

  return (
    <div className="kehu-filters" data-testid="customer-filters">
      <Select allowClear placeholder={t('customers.owner')} aria-label={t('customers.owner')} value={filter.owner} onChange={(owner) => onChange({ owner })} options={ownerOptions} showSearch={{ optionFilterProp: 'label' }} />
      <Select allowClear placeholder={t('customers.stage')} aria-label={t('customers.stage')} value={filter.stage} onChange={(stage) => onChange({ stage })} options={CUSTOMER_STAGES.map((s) => ({ value: s, label: t(`stages.${s}`) }))} />
      <Select allowClear placeholder={t('customers.level')} aria-label={t('customers.level')} value={filter.level} onChange={(level) => onChange({ level })} options={CUSTOMER_LEVELS.map((l) => ({ value: l, label: l }))} />
      <Select allowClear placeholder={t('customers.kind')} aria-label={t('customers.kind')} value={filter.kind} onChange={(kind) => onChange({ kind })} options={CUSTOMER_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
      <Select allowClear placeholder={t('customers.tag')} aria-label={t('customers.tag')} value={filter.tag} onChange={(tag) => onChange({ tag })} options={(tags.data ?? []).map((tag) => ({ value: tag.name, label: tag.name }))} showSearch loading={tags.isPending} />
      <Input allowClear placeholder={t('customers.city')} aria-label={t('customers.city')} value={city} onChange={(e) => setCity(e.target.value)} style={{ width: 140 }} />
      <DateRange
        label={t('customers.created')}
        from={filter.createdFrom}
        to={filter.createdTo}
        onChange={(from, to) => onChange({ createdFrom: from, createdTo: to })}
      />
      <DateRange
        label={t('customers.lastContact')}
        from={filter.lastContactFrom}
        to={filter.lastContactTo}
        onChange={(from, to) => onChange({ lastContactFrom: from, lastContactTo: to })}
      />
    </div>
  );
}

interface DateRangeProps {
  label: string;
  from: string | undefined;
  to: string | undefined;
  onChange: (from: string | undefined, to: string | undefined) => void;
}

/** Whole local days: from the start of the first to the end of the last. */
function DateRange({ label, from, to, onChange }: DateRangeProps) {
  const range = from || to ? ([from ? dayjs(from) : null, to ? dayjs(to) : null] as const) : null;
  return (
    <DatePicker.RangePicker
      aria-label={label}
      placeholder={[label, label]}
      value={range as never}
      allowEmpty={[true, true]}
      onChange={(values) => {
        const [start, end] = values ?? [null, null];
        onChange(start ? start.startOf('day').toISOString() : undefined, end ? end.endOf('day').toISOString() : undefined);
      }}
      style={{ minWidth: 240 }}
    />
  );
}
