import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { useDebounced } from '../../lib/use-debounced.ts';

interface CustomerPickerProps {
  value?: number | null;
  onChange?: (id: number | null) => void;
  /** shown for the current value before any search */
  initialLabel?: string | undefined;
  allowClear?: boolean;
  id?: string;
}

/** A customer chosen by typing part of a name, pinyin or phone. */
export function CustomerPicker({ value, onChange, initialLabel, allowClear, id }: CustomerPickerProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const found = useQuery({
    queryKey: ['customer-picker', q],
    queryFn: () => api.customers.list({ q: q || undefined, limit: 20 }),
    staleTime: 30_000,
  });
  const options = (found.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }));
  if (value && initialLabel && !options.some((o) => o.value === value)) options.unshift({ value, label: initialLabel });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? null)}
      options={options}
      loading={found.isFetching}
      allowClear={allowClear}
      placeholder={t('deals.pickCustomer')}
      notFoundContent={found.isFetching ? t('app.loading') : t('deals.noCustomerFound')}
      data-testid="customer-picker"
    />
  );
}
