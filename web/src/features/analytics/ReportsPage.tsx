import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Statistic } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../../components/States.tsx';
import { formatMoney } from '../../lib/format.ts';
import { compactMoney } from '../dashboard/charts.ts';
import { useReport } from './analytics-api.ts';
import { ChurnCard } from './ChurnCard.tsx';
import { FilterBar } from './FilterBar.tsx';
import { useReportFilters } from './filters.ts';
import { ReportFiltersContext } from './ReportCard.tsx';
import { ForecastCards, LifecycleCards, RevenueCard } from './SalesCards.tsx';
import { AbcCard, ClvCard, CohortCard, RfmCards } from './ValueCards.tsx';

/** Reports over the customers the viewer may see, under one set of filters; money per currency, never summed. */
export default function ReportsPage() {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const client = useQueryClient();
  const [filters, setFilters] = useReportFilters();
  const [atRiskOnly, setAtRiskOnly] = useState(true);
  const rfm = useReport('rfm', filters, { limit: 1 });
  const abc = useReport('abc', filters, { limit: 1 });
  const clv = useReport('clv', filters, { limit: 20 });
  const churn = useReport('churn', filters, { limit: 100, atRiskOnly });
  const cohorts = useReport('cohorts', filters);
  const forecast = useReport('forecast', filters);
  const lifecycle = useReport('lifecycle', filters, { groupBy: 'month' });
  const owners = useReport('lifecycle', filters, { groupBy: 'owner' });
  const revenue = useReport('revenue', filters);

  const first = [rfm, abc, clv, churn, cohorts, forecast, lifecycle].find((q) => q.isError);
  const currencies = rfm.data?.currencies.map((c) => c.currency) ?? [];
  const currency = rfm.data?.currency ?? null;

  return (
    <ReportFiltersContext.Provider value={filters}>
    <div data-testid="reports">
      <div className="kehu-page-title">
        <h1>{t('analytics.title')}</h1>
        <span style={{ flex: 1 }} />
        <Button icon={<ReloadOutlined />} aria-label={t('app.reload')} onClick={() => void client.invalidateQueries({ queryKey: ['analytics'] })} />
      </div>
      <FilterBar filters={filters} onChange={setFilters} currencies={currencies} />
      {first ? (
        <ErrorState error={first.error} onRetry={() => void client.invalidateQueries({ queryKey: ['analytics'] })} />
      ) : !rfm.data || !abc.data || !clv.data || !churn.data ? (
        <Loading />
      ) : (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Card size="small"><Statistic title={t('analytics.stats.buyers')} value={rfm.data.customers} /></Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small"><Statistic title={t('analytics.stats.revenue', { currency: currency ?? '' })} value={currency ? compactMoney(abc.data.revenue, currency, l, 4) : '—'} /></Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('analytics.stats.atRisk')} value={churn.data.atRisk} suffix={currency && churn.data.revenueAtRisk > 0 ? <span className="kehu-muted" style={{ fontSize: 12 }}>{formatMoney(churn.data.revenueAtRisk, currency, l)}</span> : undefined} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small"><Statistic title={t('analytics.stats.expectedValue', { weeks: clv.data.horizonWeeks })} value={currency ? compactMoney(clv.data.expectedValue, currency, l, 4) : '—'} /></Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]}>
            {lifecycle.data && <LifecycleCards report={lifecycle.data} />}
            {revenue.data && currency && <Col span={24}><RevenueCard report={revenue.data} currency={currency} /></Col>}
            <RfmCards report={rfm.data} />
            <Col xs={24} xl={12}><AbcCard report={abc.data} /></Col>
            <Col xs={24} xl={12}><ClvCard report={clv.data} /></Col>
            <Col span={24}><ChurnCard report={churn.data} filters={filters} atRiskOnly={atRiskOnly} onAtRiskOnly={setAtRiskOnly} /></Col>
            {cohorts.data && <Col span={24}><CohortCard report={cohorts.data} /></Col>}
            {forecast.data && currency && <ForecastCards report={forecast.data} owners={owners.data} currency={currency} />}
          </Row>
        </>
      )}
    </div>
    </ReportFiltersContext.Provider>
  );
}
