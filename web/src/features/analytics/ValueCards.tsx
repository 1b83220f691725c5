import { Col, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/router.tsx';
import { formatMoney } from '../../lib/format.ts';
import { EmptyState } from '../../components/States.tsx';
import type { AbcReportShape, ClvReportShape, CohortReportShape, RfmReportShape } from './analytics-api.ts';
import { abcCurveOption, clvDistributionOption, cohortOption, rfmGridOption, rfmGroupsOption } from './analytics-charts.ts';
import { ReportCard } from './ReportCard.tsx';

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
const half = { xs: 24, xl: 12 } as const;

/** RFM: the named groups and the R × FM grid, with the thresholds that earn each score. */
export function RfmCards({ report }: { report: RfmReportShape }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const lz = l === 'zh' ? 'zh' : 'en';
  const currency = report.currency;
  const groups = report.groups.filter((g) => g.customers > 0);
  const money = (v: number | null) => (v === null || !currency ? '—' : formatMoney(v, currency, l));
  const thresholds = t('analytics.rfm.thresholds', {
    recency: report.thresholds.recencyDays.map((d) => (d === null ? '—' : `≤${d}`)).join(' / '),
    frequency: report.thresholds.frequency.map((f) => (f === null ? '—' : `≥${f}`)).join(' / '),
    monetary: report.thresholds.monetary.map(money).join(' / '),
  });
  return (
    <>
      <Col {...half}>
        <ReportCard
          title={t('analytics.rfm.groups')}
          name="rfm-groups"
          testId="report-rfm-groups"
          help={t('analytics.rfm.groupsHelp', { count: report.customers, without: report.withoutOrders })}
          chart={groups.length > 0 ? { option: rfmGroupsOption(report, t, l), summary: groups.map((g) => `${g.label[lz]} ${g.customers}`).join(', '), height: Math.max(200, groups.length * 30) } : undefined}
          file={{ kind: 'rfm' }}
        >
          {groups.length === 0 && <EmptyState description={t('analytics.noOrders')} />}
        </ReportCard>
      </Col>
      <Col {...half}>
        <ReportCard
          title={t('analytics.rfm.grid')}
          name="rfm-grid"
          testId="report-rfm-grid"
          help={thresholds}
          chart={{ option: rfmGridOption(report, t), summary: report.grid.map((c) => `R${c.r} FM${c.fm}: ${c.customers}`).join(', '), height: 300 }}
          file={{ kind: 'rfm' }}
        />
      </Col>
    </>
  );
}

/** ABC: the Pareto curve and the three classes. */
export function AbcCard({ report }: { report: AbcReportShape }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const currency = report.currency;
  return (
    <ReportCard
      title={t('analytics.abc.title')}
      name="abc"
      testId="report-abc"
      help={t('analytics.abc.help', { a: Math.round(report.split.a * 100), b: Math.round((report.split.b - report.split.a) * 100) })}
      chart={{ option: abcCurveOption(report, t), summary: report.classes.map((c) => `${c.class}: ${c.customers} (${pct(c.revenueShare)})`).join(', '), height: 240 }}
      file={{ kind: 'abc' }}
    >
      <Table
        size="small"
        pagination={false}
        rowKey="class"
        dataSource={report.classes}
        columns={[
          { title: t('analytics.abc.class'), dataIndex: 'class', render: (c: string) => <Tag color={c === 'A' ? 'gold' : c === 'B' ? 'blue' : 'default'}>{c}</Tag> },
          { title: t('analytics.customers'), dataIndex: 'customers', render: (n: number, c) => `${n} (${pct(c.customerShare)})` },
          { title: t('analytics.revenue'), dataIndex: 'revenue', render: (v: number, c) => (currency ? `${formatMoney(v, currency, l)} (${pct(c.revenueShare)})` : '—') },
        ]}
      />
    </ReportCard>
  );
}

/** Retention cohorts as a heat map: rows are months of first order, columns months after. */
export function CohortCard({ report }: { report: CohortReportShape }) {
  const { t, i18n } = useTranslation();
  return (
    <ReportCard
      title={t('analytics.cohorts.title')}
      name="cohorts"
      testId="report-cohorts"
      help={t('analytics.cohorts.help')}
      chart={report.cohorts.length > 0 ? { option: cohortOption(report, t, i18n.language), summary: report.cohorts.map((c) => `${c.month} ${c.customers}: ${c.retention.slice(1, 4).map(pct).join(' ')}`).join('; '), height: Math.max(220, report.cohorts.length * 22 + 80) } : undefined}
      file={{ kind: 'cohorts' }}
    >
      {report.cohorts.length === 0 && <EmptyState description={t('analytics.noOrders')} />}
    </ReportCard>
  );
}

/** Expected customer lifetime value: how customers spread over its buckets, and the fitted model. */
export function ClvCard({ report }: { report: ClvReportShape }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const currency = report.currency;
  const model = report.bgnbd && report.gammaGamma
    ? t('analytics.clv.model', { r: report.bgnbd.r.toFixed(3), alpha: report.bgnbd.alpha.toFixed(2), a: report.bgnbd.a.toFixed(3), b: report.bgnbd.b.toFixed(3), p: report.gammaGamma.p.toFixed(2), q: report.gammaGamma.q.toPrecision(3), gamma: report.gammaGamma.gamma.toPrecision(3) })
    : t('analytics.clv.noModel');
  const notConverged = report.bgnbd?.converged === false || report.gammaGamma?.converged === false ? ` ${t('analytics.clv.notConverged')}` : '';
  return (
    <ReportCard
      title={t('analytics.clv.title', { weeks: report.horizonWeeks })}
      name="clv"
      testId="report-clv"
      help={<>{currency && t('analytics.clv.total', { value: formatMoney(report.expectedValue, currency, l), count: report.customers })} {model}{notConverged}</>}
      chart={report.distribution.length > 0 ? { option: clvDistributionOption(report, t, l), summary: report.distribution.map((b) => `${b.from}-${b.to}: ${b.customers}`).join(', '), height: 240 } : undefined}
      file={{ kind: 'clv' }}
    >
      {report.distribution.length === 0 && <EmptyState description={t('analytics.noOrders')} />}
      {report.items.length > 0 && (
        <Table
          size="small"
          style={{ marginTop: 8 }}
          pagination={false}
          rowKey="customerId"
          dataSource={report.items.slice(0, 5)}
          onRow={(c) => ({ onClick: () => navigate(`/customers/${c.customerId}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('analytics.clv.topByValue'), dataIndex: 'name', render: (name: string) => <span className="kehu-wrap">{name}</span> },
            { title: 'P(alive)', dataIndex: 'pAlive', render: (p: number) => pct(p) },
            { title: t('analytics.clv.expectedValue'), dataIndex: 'expectedValue', render: (v: number | null) => (v === null || !currency ? '—' : formatMoney(v, currency, l)) },
          ]}
        />
      )}
    </ReportCard>
  );
}
