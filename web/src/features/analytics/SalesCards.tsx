import { Col, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/router.tsx';
import { formatMoney } from '../../lib/format.ts';
import { EmptyState } from '../../components/States.tsx';
import { funnelOption, funnelSteps, revenueOption } from '../dashboard/charts.ts';
import type { ForecastReportShape, LifecycleReportShape, RevenueReportShape } from './analytics-api.ts';
import { forecastOption, newCustomersByMonth, newCustomersOption } from './analytics-charts.ts';
import { ReportCard } from './ReportCard.tsx';

const half = { xs: 24, xl: 12 } as const;
const pct = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(0)}%`);

/** The lifecycle funnel of the filtered customers, its conversions, and new customers per month. */
export function LifecycleCards({ report }: { report: LifecycleReportShape }) {
  const { t, i18n } = useTranslation();
  const funnel = { funnel: report.stages.map((s) => ({ stage: s.stage, count: s.current })) };
  const steps = funnelSteps(funnel);
  const months = newCustomersByMonth(report);
  const conversions = report.conversions.filter((c) => c.converted > 0);
  return (
    <>
      <Col {...half}>
        <ReportCard
          title={t('dashboard.funnel')}
          name="funnel"
          testId="report-funnel"
          chart={{ option: funnelOption(funnel, t), summary: steps.map((s) => `${t(`stages.${s.stage}`)} ${s.reached}`).join(', '), height: 240, onClick: (i) => { const s = steps[i]; if (s) navigate(`/customers?stage=${s.stage}`); } }}
          file={{ kind: 'lifecycle' }}
        >
          {conversions.length > 0 && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
              {conversions.map((c) => t('analytics.lifecycle.conversion', { from: t(`stages.${c.from as 'lead'}`), to: t(`stages.${c.to as 'lead'}`), rate: pct(c.rate), days: c.medianDays === null ? '—' : Math.round(c.medianDays) })).join(' · ')}
            </Typography.Paragraph>
          )}
        </ReportCard>
      </Col>
      <Col {...half}>
        <ReportCard
          title={t('dashboard.newCustomers')}
          name="new-customers"
          testId="report-new-customers"
          chart={months.length > 0 ? { option: newCustomersOption(months, t, i18n.language), summary: months.map((m) => `${m.month} ${m.customers}`).join(', '), height: 240 } : undefined}
          file={{ kind: 'lifecycle', extra: { groupBy: 'month' } }}
        >
          {months.length === 0 && <EmptyState description={t('analytics.noCustomers')} />}
        </ReportCard>
      </Col>
    </>
  );
}

/** Open deals weighted by stage probability per month, and the reps' board, in one currency. */
export function ForecastCards({ report, owners, currency }: { report: ForecastReportShape; owners: LifecycleReportShape | undefined; currency: string }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const money = (v: number) => formatMoney(v, currency, l);
  const customersOf = (ownerId: number | null) => owners?.groups.find((g) => g.key === String(ownerId))?.stages.find((s) => s.stage === 'customer')?.current ?? 0;
  const board = report.owners
    .filter((o) => o.currency === currency)
    .map((o) => ({ ...o, key: String(o.ownerId), customers: customersOf(o.ownerId) }))
    .sort((a, b) => b.weighted - a.weighted);
  const { closed } = report;
  const won = closed.wonAmounts.find((w) => w.currency === currency);
  const rows = report.months.filter((m) => m.currency === currency);
  return (
    <>
      <Col {...half}>
        <ReportCard
          title={t('analytics.forecast.title', { currency })}
          name={`forecast-${currency}`}
          testId="report-forecast"
          chart={rows.length > 0 ? { option: forecastOption(report, currency, t, l), summary: rows.map((m) => `${m.month ?? '—'} ${money(m.weighted)}`).join(', '), height: 240 } : undefined}
          file={{ kind: 'forecast' }}
        >
          {rows.length === 0 && <EmptyState description={t('analytics.forecast.none')} />}
          <div style={{ display: 'flex', gap: 24, flexWrap: 'wrap', marginTop: 8 }}>
            <Statistic title={t('analytics.forecast.winRate')} value={pct(closed.winRate)} />
            <Statistic title={t('analytics.forecast.won')} value={closed.won} />
            <Statistic title={t('analytics.forecast.daysToClose')} value={closed.averageDaysToClose === null ? '—' : Math.round(closed.averageDaysToClose)} />
            {won && <Statistic title={t('analytics.forecast.wonAmount')} value={money(won.amount)} />}
          </div>
        </ReportCard>
      </Col>
      <Col {...half}>
        <ReportCard
          title={t('analytics.leaderboard.title', { currency })}
          name={`leaderboard-${currency}`}
          testId="report-leaderboard"
          file={{ kind: 'forecast' }}
        >
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={board}
            scroll={{ x: 420 }}
            columns={[
              { title: '#', key: 'rank', width: 40, render: (_: unknown, __: unknown, index: number) => index + 1 },
              { title: t('analytics.leaderboard.rep'), dataIndex: 'name', render: (name: string | null) => name ?? t('customers.pool') },
              { title: t('analytics.leaderboard.customers'), dataIndex: 'customers' },
              { title: t('analytics.forecast.deals'), dataIndex: 'deals' },
              { title: t('analytics.forecast.weighted'), dataIndex: 'weighted', render: (v: number) => money(v) },
            ]}
          />
        </ReportCard>
      </Col>
    </>
  );
}

/** Revenue per month in one currency, under the page's filters (other currencies have their own series, never added). */
export function RevenueCard({ report, currency }: { report: RevenueReportShape; currency: string }) {
  const { t, i18n } = useTranslation();
  const series = report.currencies.find((c) => c.currency === currency);
  return (
    <ReportCard
      title={t('analytics.revenueByMonth', { currency })}
      name={`revenue-${currency}`}
      testId="report-revenue"
      chart={series ? { option: revenueOption(series, report.months, i18n.language), summary: series.months.map((m) => `${m.month} ${formatMoney(m.amount, currency, i18n.language)}`).join(', '), height: 240 } : undefined}
      file={{ kind: 'revenue' }}
    >
      {!series && <EmptyState description={t('analytics.noOrders')} />}
    </ReportCard>
  );
}
