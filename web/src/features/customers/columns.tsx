import { BankOutlined, UserOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { Link } from '../../app/router.tsx';
import type { Customer } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { valueName } from '../../lib/domain-values.ts';
import { PhoneLink } from './PhoneLink.tsx';

export const STAGE_COLORS: Record<Customer['stage'], string> = { lead: 'default', prospect: 'processing', customer: 'success', churned: 'warning', lost: 'error' };

/** Columns the user may hide or show; the name always shows. */
export const OPTIONAL_COLUMNS = ['phone', 'email', 'stage', 'level', 'owner', 'city', 'tags', 'industry', 'source', 'createdAt', 'updatedAt'] as const;
export type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];
export const DEFAULT_COLUMNS: OptionalColumn[] = ['phone', 'stage', 'level', 'owner', 'city', 'tags', 'createdAt'];

export const columnLabel = (t: TFunction, column: OptionalColumn) => t(`customers.${column}`);

const primary = (points: Customer['phones']) => points.find((p) => p.primary) ?? points[0];

/** The list's columns; `compact` (phone-size screens) keeps the name, a call button and the stage. */
export function customerColumns(t: TFunction, lang: string, ownerName: (id: number | null) => string, visible: OptionalColumn[], compact = false): ColumnsType<Customer> {
  const all: Record<OptionalColumn, ColumnsType<Customer>[number]> = {
    phone: {
      key: 'phone',
      title: compact ? '' : t('customers.phone'),
      width: compact ? 48 : 150,
      render: (_, c) => {
        const phone = primary(c.phones);
        return phone ? <PhoneLink phone={phone} icon={false} compact={compact} /> : null;
      },
    },
    email: {
      key: 'email',
      title: t('customers.email'),
      width: 200,
      ellipsis: true,
      render: (_, c) => {
        const email = primary(c.emails);
        return email ? <a href={`mailto:${email.value}`}>{email.value}</a> : null;
      },
    },
    stage: { key: 'stage', title: t('customers.stage'), width: 96, render: (_, c) => <Tag color={STAGE_COLORS[c.stage]}>{t(`stages.${c.stage}`)}</Tag> },
    level: { key: 'level', title: t('customers.level'), width: 64, dataIndex: 'level' },
    owner: { key: 'owner', title: t('customers.owner'), width: 104, ellipsis: true, render: (_, c) => ownerName(c.ownerId) },
    city: { key: 'city', title: t('customers.city'), width: 96, ellipsis: true, dataIndex: 'city' },
    tags: {
      key: 'tags',
      title: t('customers.tags'),
      width: 150,
      render: (_, c) => (
        <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
          {c.tags.slice(0, 3).map((tag) => (
            <Tag key={tag} style={{ marginInlineEnd: 0 }}>{tag}</Tag>
          ))}
          {c.tags.length > 3 && <Tooltip title={c.tags.slice(3).join(', ')}><Tag>+{c.tags.length - 3}</Tag></Tooltip>}
        </span>
      ),
    },
    industry: { key: 'industry', title: t('customers.industry'), width: 120, ellipsis: true, render: (_, c) => valueName('industries', c.industry) },
    source: { key: 'source', title: t('customers.source'), width: 110, ellipsis: true, render: (_, c) => valueName('sources', c.source) },
    createdAt: { key: 'createdAt', title: t('customers.createdAt'), width: 124, className: 'kehu-nowrap', render: (_, c) => formatDate(c.createdAt, lang) },
    updatedAt: { key: 'updatedAt', title: t('customers.updatedAt'), width: 124, className: 'kehu-nowrap', render: (_, c) => formatDate(c.updatedAt, lang) },
  };
  const name: ColumnsType<Customer>[number] = {
    key: 'name',
    title: t('customers.name'),
    fixed: compact ? undefined : 'left',
    width: compact ? undefined : 220,
    render: (_, c) => (
      <Link to={`/customers/${c.id}`} className="kehu-ellipsis" title={c.name} data-testid="customer-link">
        {c.kind === 'company' ? <BankOutlined /> : <UserOutlined />} {c.name}
      </Link>
    ),
  };
  return [name, ...OPTIONAL_COLUMNS.filter((c) => visible.includes(c)).map((c) => all[c])];
}
