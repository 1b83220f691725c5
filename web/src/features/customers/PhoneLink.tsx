import { PhoneOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { displayPhone } from '../../../../src/domain/phone-display.ts';
import { api } from '../../lib/api.ts';

/** The workspace's region, for showing phones (national for local numbers); CN until known. */
export function useWorkspaceRegion(): string {
  const query = useQuery({ queryKey: ['settings', 'workspace'], queryFn: api.settings.workspace, staleTime: Infinity });
  return query.data?.defaultRegion ?? 'CN';
}

/**
 * A phone number shown in the workspace's one format and dialled from its E.164 value; `compact`
 * (phone-size lists) shows only a call button.
 */
export function PhoneLink({ phone, icon = true, compact = false }: { phone: { value: string }; icon?: boolean; compact?: boolean }) {
  const { t } = useTranslation();
  const region = useWorkspaceRegion();
  const shown = displayPhone(phone.value, region);
  if (compact) {
    return (
      <a href={`tel:${phone.value}`} aria-label={`${t('customer.call')} ${shown}`} title={shown} onClick={(e) => e.stopPropagation()} className="kehu-call-button" data-testid="phone-link">
        <PhoneOutlined />
      </a>
    );
  }
  return (
    <a href={`tel:${phone.value}`} aria-label={`${t('customer.call')} ${shown}`} onClick={(e) => e.stopPropagation()} className="kehu-phone" data-testid="phone-link">
      {icon && <PhoneOutlined />} {shown}
    </a>
  );
}
