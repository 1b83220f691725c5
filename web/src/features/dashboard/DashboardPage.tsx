import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, List, Row, Segmented, Space, Statistic, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, navigate } from '../../app/router.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { formatDateTime, formatMoney } from '../../lib/format.ts';
import { useToggleDone } from '../tasks/tasks-api.ts';
import { Chart } from './Chart.tsx';
import { compactMoney, FUNNEL_STAGES, funnelOption, funnelSteps, monthLabel, newCustomersOption, openStages, pipelineOption, revenueOption, topCustomersOption } from './charts.ts';
import { useDashboard, type DashboardShape } from './dashboard-api.ts';

/** The customer list's filter for customers created in `month` (YYYY-MM), in the viewer's time zone. */
function monthRange(month: string): string {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const params = new URLSearchParams({ createdFrom: new Date(year, mon - 1, 1).toISOString(), createdTo: new Date(year, mon, 1).toISOString() });
  return `?${params.toString()}`;
}

function MyTasksCard({ tasks }: { tasks: DashboardShape['myTasks'] }) {
  const { t, i18n } = useTranslation();
  const toggle = useToggleDone();
  const now = new Date().toISOString();
  return (
    <Card title={t('dashboard.myTasks')} extra={<Link to="/tasks">{t('dashboard.allTasks')}</Link>} data-testid="dashboard-tasks">
      <Space size="large" wrap style={{ marginBottom: 12 }}>
        <Statistic title={t('dashboard.openTasks')} value={tasks.open} />
        <Statistic title={t('dashboard.overdue')} value={tasks.overdue} styles={{ content: { color: tasks.overdue > 0 ? '#cf1322' : undefined } }} />
        <Statistic title={t('dashboard.dueToday')} value={tasks.dueToday} />
      </Space>
      {tasks.next.length === 0 ? (
        <EmptyState description={t('dashboard.noTasks')} />
      ) : (
        <List
          size="small"
          dataSource={tasks.next}
          renderItem={(task) => (
            <List.Item
              actions={[
                <Button key="done" size="small" icon={<CheckOutlined />} loading={toggle.isPending && toggle.variables?.id === task.id} onClick={() => toggle.mutate(task)} aria-label={t('tasks.markDone')}>
                  {t('tasks.done')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={<span className="kehu-wrap">{task.title}</span>}
                description={
                  task.dueAt ? (
                    <span>
                      {task.dueAt < now && <Tag color="error">{t('tasks.overdueTag')}</Tag>}
                      {formatDateTime(task.dueAt, i18n.language)}
                    </span>
                  ) : (
                    t('tasks.noDue')
                  )
                }
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** Charts of what the viewer may see: funnel, new customers, revenue, top customers, pipeline, and their tasks. */
export default function DashboardPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const dashboard = useDashboard();
  const [picked, setPicked] = useState<string | null>(null);
  const d = dashboard.data;

  const currencies = useMemo(() => d?.revenue.map((r) => r.currency) ?? [], [d]);
  const currency = picked && currencies.includes(picked) ? picked : (currencies[0] ?? null);
  const revenue = d?.revenue.find((r) => r.currency === currency);
  const top = useMemo(() => d?.topCustomers.filter((c) => c.currency === currency) ?? [], [d, currency]);
  const options = useMemo(
    () =>
      d && {
        funnel: funnelOption(d, t),
        newCustomers: newCustomersOption(d, lang),
        revenue: revenue ? revenueOption(revenue, d.months, lang) : null,
        top: topCustomersOption(top, lang),
        pipeline: pipelineOption(d, currency, lang, t),
      },
    [d, t, lang, revenue, top, currency],
  );

  if (dashboard.isPending) return <Loading />;
  if (dashboard.isError) return <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />;
  if (!d || !options) return null;

  const customerCount = d.funnel.reduce((sum, s) => sum + s.count, 0);
  const openDeals = d.pipeline.reduce((sum, s) => sum + s.count, 0);
  const thisMonth = revenue?.months.at(-1)?.amount ?? 0;
  const list = (items: string[]) => items.join(t('dashboard.listSeparator'));

  return (
    <div data-testid="dashboard">
      <div className="kehu-page-title">
        <h1>{t('dashboard.title')}</h1>
        <Link to="/reports" data-testid="to-reports">{t('dashboard.toReports')} →</Link>
        <span style={{ flex: 1 }} />
        {currencies.length > 1 && <Segmented size="small" options={currencies} value={currency ?? undefined} onChange={(value) => setPicked(String(value))} aria-label={t('dashboard.currency')} />}
        <Button icon={<ReloadOutlined />} onClick={() => void dashboard.refetch()} loading={dashboard.isFetching} aria-label={t('app.reload')} />
      </div>

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small"><Statistic title={t('dashboard.customers')} value={customerCount} /></Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small"><Statistic title={t('dashboard.newThisMonth')} value={d.newCustomers.at(-1)?.count ?? 0} /></Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('dashboard.revenueThisMonth')} value={currency ? compactMoney(thisMonth, currency, lang, 4) : t('app.none')} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small"><Statistic title={t('dashboard.openDeals')} value={openDeals} /></Card>
        </Col>
      </Row>

      {customerCount === 0 && (
        <Card style={{ marginBottom: 16 }}>
          <EmptyState description={t('dashboard.empty')}>
            <Space wrap>
              <Button type="primary" onClick={() => navigate('/import')}>{t('welcome.importSpreadsheet')}</Button>
              <Button onClick={() => navigate('/customers')}>{t('dashboard.toCustomers')}</Button>
            </Space>
          </EmptyState>
        </Card>
      )}

      {customerCount === 0 ? (
        // No customers yet: the message above and one's tasks, not charts of zeros.
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <MyTasksCard tasks={d.myTasks} />
          </Col>
        </Row>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card title={t('dashboard.funnel')}>
              <Chart
                testId="chart-funnel"
                option={options.funnel}
                summary={list(funnelSteps(d).map((s) => `${t(`stages.${s.stage}`)} ${s.reached}`))}
                onClick={(index) => {
                  const stage = FUNNEL_STAGES[index];
                  if (stage) navigate(`/customers?stage=${stage}`);
                }}
              />
              <Typography.Text type="secondary">
                <Link to="/customers?stage=churned">{t('stages.churned')} {d.funnel.find((s) => s.stage === 'churned')?.count ?? 0}</Link>
                {' · '}
                <Link to="/customers?stage=lost">{t('stages.lost')} {d.funnel.find((s) => s.stage === 'lost')?.count ?? 0}</Link>
              </Typography.Text>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('dashboard.newCustomers')}>
              <Chart
                testId="chart-new-customers"
                option={options.newCustomers}
                summary={list(d.newCustomers.map((m) => `${monthLabel(m.month, lang, true)} ${m.count}`))}
                onClick={(index) => {
                  const month = d.months[index];
                  if (month) navigate(`/customers${monthRange(month)}`);
                }}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={currency ? t('dashboard.revenueIn', { currency }) : t('dashboard.revenue')}>
              {revenue && options.revenue ? (
                <Chart
                  testId="chart-revenue"
                  option={options.revenue}
                  summary={list(revenue.months.map((m) => `${monthLabel(m.month, lang, true)} ${formatMoney(m.amount, revenue.currency, lang)}`))}
                />
              ) : (
                <EmptyState description={t('dashboard.noRevenue')} />
              )}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('dashboard.topCustomers')}>
              {top.length === 0 ? (
                <EmptyState description={t('dashboard.noRevenue')} />
              ) : (
                <Chart
                  testId="chart-top-customers"
                  option={options.top}
                  height={Math.max(160, top.length * 32)}
                  summary={list(top.map((c) => `${c.name} ${formatMoney(c.amount, c.currency, lang)}`))}
                  onClick={(index) => {
                    const customer = [...top].reverse()[index];
                    if (customer) navigate(`/customers/${customer.customerId}`);
                  }}
                />
              )}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <MyTasksCard tasks={d.myTasks} />
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('dashboard.pipeline')} extra={<Link to="/deals">{t('dashboard.toBoard')}</Link>}>
              <Chart testId="chart-pipeline" option={options.pipeline} summary={list(openStages(d.pipeline, lang).map((s) => `${s.label} ${s.count}`))} />
            </Card>
          </Col>
        </Row>
      )}
    </div>
  );
}
