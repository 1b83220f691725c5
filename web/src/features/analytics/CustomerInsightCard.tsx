import { QuestionCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Segmented, Tag, Tooltip } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerProfileShape } from '../../../../src/domain/customer-profile.ts';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { request } from '../../lib/api.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';

const pct = (share: number) => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;

/** A label with its explanation on hover (and focus, for keyboards). */
function Explained({ label, help }: { label: string; help: string }) {
  return (
    <Tooltip title={help}>
      <span tabIndex={0} style={{ cursor: 'help' }} data-testid="insight-label">
        {label} <QuestionCircleOutlined className="kehu-muted" style={{ fontSize: 12 }} />
      </span>
    </Tooltip>
  );
}

/** 客户画像: where the customer stands among those the viewer may see, per currency they bought in. */
export function CustomerInsightCard({ customerId }: { customerId: number }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const lz = l === 'zh' ? 'zh' : 'en';
  const [picked, setPicked] = useState<string | null>(null);
  const profile = useQuery({
    queryKey: ['analytics', 'profile', customerId],
    queryFn: () => request<CustomerProfileShape>('GET', `/analytics/customers/${customerId}/profile`),
    staleTime: 60_000,
  });
  if (profile.isPending) return <Card size="small" title={t('analytics.profile.title')}><Loading /></Card>;
  if (profile.isError) return <Card size="small" title={t('analytics.profile.title')}><ErrorState error={profile.error} onRetry={() => void profile.refetch()} /></Card>;
  const all = profile.data.currencies;
  const p = all.find((c) => c.currency === picked) ?? all[0];
  const money = (v: number) => (p ? formatMoney(v, p.currency, l) : '');
  const items: Array<{ key: string; label: string; help: string; value: ReactNode }> = p
    ? [
        { key: 'rfm', label: t('analytics.profile.rfm'), help: t('analytics.profile.rfmHelp', { count: p.comparedWith, currency: p.currency, days: p.rfm.recencyDays, orders: p.rfm.frequency, revenue: money(p.rfm.monetary) }), value: <><Tag color="blue" style={{ marginInlineEnd: 8 }}>{p.rfm.label[lz]}</Tag>R{p.rfm.r} F{p.rfm.f} M{p.rfm.m}</> },
        { key: 'abc', label: t('analytics.profile.abc'), help: t('analytics.profile.abcHelp', { share: pct(p.abc.cumulativeShare) }), value: <><Tag color={p.abc.class === 'A' ? 'gold' : p.abc.class === 'B' ? 'blue' : 'default'} style={{ marginInlineEnd: 8 }}>{p.abc.class}</Tag>{t('analytics.profile.rank', { rank: p.abc.rank, count: p.comparedWith })}</> },
        { key: 'clv', label: t('analytics.profile.clv', { weeks: p.clv.horizonWeeks }), help: t('analytics.profile.clvHelp', { weeks: p.clv.horizonWeeks, purchases: p.clv.expectedPurchases.toFixed(1) }), value: p.clv.expectedValue === null ? '—' : money(p.clv.expectedValue) },
        { key: 'alive', label: t('analytics.profile.pAlive'), help: p.clv.fitted ? t('analytics.profile.pAliveHelp', { risk: pct(p.clv.churnRisk) }) : t('analytics.profile.notFitted'), value: p.clv.fitted ? pct(p.clv.pAlive) : '—' },
        { key: 'next', label: t('analytics.profile.next'), help: t('analytics.profile.nextHelp'), value: p.nextExpectedPurchase ? formatDate(p.nextExpectedPurchase, l) : '—' },
        { key: 'rhythm', label: t('analytics.profile.rhythm'), help: t('analytics.profile.rhythmHelp', { days: p.rhythm.purchaseDays, months: p.rhythm.activeMonths }), value: <span className="kehu-wrap">{p.rhythm.reason[lz]}</span> },
        { key: 'share', label: t('analytics.profile.share'), help: t('analytics.profile.shareHelp', { count: p.comparedWith, revenue: money(p.revenue) }), value: pct(p.shareOfRevenue) },
        { key: 'percentile', label: t('analytics.profile.percentile'), help: t('analytics.profile.percentileHelp', { count: p.comparedWith }), value: t('analytics.profile.percentileValue', { percent: Math.round(p.percentile) }) },
        {
          key: 'products',
          label: t('analytics.profile.products'),
          help: t('analytics.profile.productsHelp'),
          value: p.favouriteProducts.length === 0 ? '—' : p.favouriteProducts.map((f) => <div key={f.product} className="kehu-wrap">{f.product} <span className="kehu-muted">{money(f.amount)}</span></div>),
        },
      ]
    : [];
  return (
    <Card
      size="small"
      title={t('analytics.profile.title')}
      data-testid="customer-insight"
      extra={all.length > 1 && p ? <Segmented size="small" options={all.map((c) => c.currency)} value={p.currency} onChange={(v) => setPicked(String(v))} aria-label={t('analytics.filters.currency')} /> : undefined}
    >
      {!p ? (
        <EmptyState description={t('analytics.profile.noOrders')} />
      ) : (
        <Descriptions size="small" column={1} items={items.map((i) => ({ key: i.key, label: <Explained label={i.label} help={i.help} />, children: <span data-testid={`insight-${i.key}`}>{i.value}</span> }))} />
      )}
    </Card>
  );
}
