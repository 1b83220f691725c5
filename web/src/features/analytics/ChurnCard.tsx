import { Progress, Space, Switch, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from '../../app/router.tsx';
import { formatDate, formatMoney } from '../../lib/format.ts';
import type { ChurnReportShape } from './analytics-api.ts';
import type { ReportFilters } from './filters.ts';
import { ReportCard } from './ReportCard.tsx';
import { WinBackButton } from './WinBackButton.tsx';

/** The customers most likely to have stopped buying, riskiest first, each with the reason in words. */
export function ChurnCard({ report, filters, atRiskOnly, onAtRiskOnly }: { report: ChurnReportShape; filters: ReportFilters; atRiskOnly: boolean; onAtRiskOnly: (value: boolean) => void }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const lz = l === 'zh' ? 'zh' : 'en';
  const currency = report.currency;
  return (
    <ReportCard
      title={t('analytics.churn.title')}
      name="churn-risk"
      testId="report-churn"
      help={currency ? t('analytics.churn.help', { atRisk: report.atRisk, count: report.customers, threshold: Math.round(report.threshold * 100), revenue: formatMoney(report.revenueAtRisk, currency, l) }) : undefined}
      file={{ kind: 'churn', extra: { atRiskOnly } }}
    >
      <Space wrap size={[16, 8]} style={{ marginBottom: 8 }}>
        <span style={{ whiteSpace: 'nowrap', fontSize: 12 }}>
          <Switch size="small" checked={atRiskOnly} onChange={onAtRiskOnly} aria-label={t('analytics.churn.atRiskOnly')} /> {t('analytics.churn.atRiskOnly')}
        </span>
        {report.atRisk > 0 && <WinBackButton filters={filters} currency={currency} />}
      </Space>
      <Table
        size="small"
        rowKey="customerId"
        dataSource={report.items}
        pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
        columns={[
          {
            title: t('analytics.customer'),
            key: 'customer',
            render: (_: unknown, c) => (
              <>
                <Link to={`/customers/${c.customerId}`} className="kehu-wrap" data-testid="churn-customer">{c.name}</Link>
                <Typography.Paragraph type="secondary" className="kehu-wrap" style={{ margin: 0, fontSize: 12 }} data-testid="churn-reason">{c.reason[lz]}</Typography.Paragraph>
              </>
            ),
          },
          { title: t('analytics.churn.risk'), dataIndex: 'churnRisk', width: 110, render: (risk: number) => <Progress percent={Math.round(risk * 100)} size="small" status={risk >= report.threshold ? 'exception' : 'normal'} /> },
          { title: t('analytics.churn.lastPurchase'), dataIndex: 'lastPurchaseAt', width: 130, responsive: ['md'], render: (at: string) => formatDate(at, l) },
          { title: t('analytics.revenue'), dataIndex: 'revenue', width: 140, responsive: ['md'], render: (v: number) => (currency ? formatMoney(v, currency, l) : '—') },
        ]}
      />
    </ReportCard>
  );
}
