import { DatePicker, Segmented, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../app/session.tsx';
import { useUsers } from '../customers/use-lookups.ts';
import { useSegments, useTeams } from './analytics-api.ts';
import { presetRange, type ReportFilters } from './filters.ts';

type Change = (change: Partial<Record<keyof ReportFilters, string | number | undefined>>) => void;

const PRESETS = ['last12', 'thisYear', 'lastYear'] as const;

/** Period, owner, team, segment and currency: the filters every report takes. Reps see only their own, so they get no owner or team choice. */
export function FilterBar({ filters, onChange, currencies }: { filters: ReportFilters; onChange: Change; currencies: string[] }) {
  const { t } = useTranslation();
  const me = useUser();
  const { users } = useUsers();
  const teams = useTeams();
  const segments = useSegments();
  const canPickPeople = me.role === 'admin' || me.role === 'manager';
  const preset = PRESETS.find((p) => { const r = presetRange(p); return r.from === filters.from && r.to === filters.to; });
  const period = !filters.from && !filters.to ? 'all' : (preset ?? 'custom');

  return (
    <Space wrap size={[8, 8]} style={{ marginBottom: 16 }} data-testid="report-filters">
      <Select
        style={{ minWidth: 150 }}
        value={period}
        aria-label={t('analytics.filters.period')}
        onChange={(value: string) => {
          if (value === 'all') onChange({ from: undefined, to: undefined });
          else if (value !== 'custom') onChange(presetRange(value as (typeof PRESETS)[number]));
        }}
        options={[
          { value: 'all', label: t('analytics.filters.allTime') },
          ...PRESETS.map((p) => ({ value: p, label: t(`analytics.filters.${p}`) })),
          { value: 'custom', label: t('analytics.filters.custom'), disabled: true },
        ]}
      />
      <DatePicker.RangePicker
        allowEmpty={[true, true]}
        value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
        onChange={(range) => onChange({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
        aria-label={t('analytics.filters.period')}
      />
      {canPickPeople && (
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ minWidth: 140 }}
          placeholder={t('analytics.filters.owner')}
          value={filters.ownerId}
          onChange={(value?: number) => onChange({ ownerId: value })}
          options={users.map((u) => ({ value: u.id, label: u.name }))}
          data-testid="filter-owner"
        />
      )}
      {canPickPeople && (teams.data?.length ?? 0) > 0 && (
        <Select
          allowClear
          style={{ minWidth: 140 }}
          placeholder={t('analytics.filters.team')}
          value={filters.teamId}
          onChange={(value?: number) => onChange({ teamId: value })}
          options={teams.data?.map((team) => ({ value: team.id, label: team.name }))}
        />
      )}
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        style={{ minWidth: 160 }}
        placeholder={t('analytics.filters.segment')}
        value={filters.segmentId}
        onChange={(value?: number) => onChange({ segmentId: value })}
        options={segments.data?.map((s) => ({ value: s.id, label: s.name }))}
        data-testid="filter-segment"
      />
      {currencies.length > 1 && (
        <Segmented
          options={currencies}
          value={filters.currency ?? currencies[0]}
          onChange={(value) => onChange({ currency: String(value) })}
          aria-label={t('analytics.filters.currency')}
          data-testid="filter-currency"
        />
      )}
    </Space>
  );
}
