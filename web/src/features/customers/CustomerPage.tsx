import { ArrowLeftOutlined, BankOutlined, DeleteOutlined, LoginOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Grid, Result, Row, Space, Tabs, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PageProps } from '../../app/routes.tsx';
import { Link, navigate } from '../../app/router.tsx';
import { canWrite, useUser } from '../../app/session.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { CustomerInsightCard } from '../analytics/CustomerInsightCard.tsx';
import { api, isApiError, type Customer } from '../../lib/api.ts';
import { STAGE_COLORS } from './columns.tsx';
import { ContactsCard } from './ContactsCard.tsx';
import { DealsList, OrdersList } from './DealsAndOrders.tsx';
import { DuplicatesCard } from './DuplicatesCard.tsx';
import { LogActivity } from './LogActivity.tsx';
import { ProfileCard } from './ProfileCard.tsx';
import { useCanEditCustomer } from './record-actions.tsx';
import { SharingCard } from './SharingCard.tsx';
import { Timeline } from './Timeline.tsx';
import { useOwnerName } from './use-lookups.ts';

export const customerKey = (id: number) => ['customers', 'one', id] as const;

function Header({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const user = useUser();
  const client = useQueryClient();
  const ownerName = useOwnerName();
  const refresh = (updated: Customer) => {
    client.setQueryData(customerKey(customer.id), updated);
    void client.invalidateQueries({ queryKey: ['customers', 'list'] });
    void client.invalidateQueries({ queryKey: ['customers', customer.id] });
  };
  const claim = useMutation({ mutationFn: () => api.customers.claim(customer.id), onSuccess: (c) => { refresh(c); void message.success(t('customer.claimed')); }, onError: (e) => void message.error(e.message) });
  const release = useMutation({ mutationFn: () => api.customers.release(customer.id), onSuccess: (c) => { refresh(c); void message.success(t('customer.released')); }, onError: (e) => void message.error(e.message) });
  const remove = () =>
    modal.confirm({
      title: t('customer.confirmDeleteOne', { name: customer.name }),
      okText: t('app.delete'),
      okButtonProps: { danger: true },
      cancelText: t('app.cancel'),
      onOk: async () => {
        try {
          await api.customers.remove(customer.id, customer.version);
          void message.success(t('customer.deletedOne'));
          await client.invalidateQueries({ queryKey: ['customers', 'list'] });
          navigate('/customers');
        } catch (error) {
          void message.error(error instanceof Error ? error.message : String(error));
        }
      },
    });
  const writable = canWrite(user);
  // Deleting needs write access to this customer, not only a role that writes: a read-only share shows no button.
  const editable = useCanEditCustomer(customer.id);
  const mayRelease = writable && customer.ownerId !== null && (customer.ownerId === user.id || user.role === 'admin' || user.role === 'manager');

  return (
    <div className="kehu-page-title" style={{ alignItems: 'flex-start' }}>
      <Link to="/customers" aria-label={t('app.back')} style={{ paddingTop: 4 }}>
        <ArrowLeftOutlined />
      </Link>
      <div style={{ flex: '1 1 240px', minWidth: 0 }}>
        <h1 className="kehu-wrap" data-testid="customer-name">
          {customer.kind === 'company' ? <BankOutlined /> : <UserOutlined />} {customer.name}
        </h1>
        <Space size={4} wrap style={{ marginTop: 4 }}>
          <Tag>{t(`kinds.${customer.kind}`)}</Tag>
          <Tag color={STAGE_COLORS[customer.stage]}>{t(`stages.${customer.stage}`)}</Tag>
          {customer.level && <Tag>{customer.level}</Tag>}
          <span className="kehu-muted">
            {t('customers.owner')}: {customer.ownerId === null ? <Tag color="orange">{t('customer.inPool')}</Tag> : ownerName(customer.ownerId)}
          </span>
        </Space>
      </div>
      <Space wrap>
        {writable && customer.ownerId === null && (
          <Button type="primary" icon={<LoginOutlined />} loading={claim.isPending} onClick={() => claim.mutate()} data-testid="claim">
            {t('customer.claim')}
          </Button>
        )}
        {mayRelease && (
          <Button icon={<LogoutOutlined />} loading={release.isPending} onClick={() => modal.confirm({ title: t('customer.confirmRelease'), okText: t('app.confirm'), cancelText: t('app.cancel'), onOk: () => release.mutateAsync() })}>
            {t('customer.release')}
          </Button>
        )}
        {editable && (
          <Button danger icon={<DeleteOutlined />} onClick={remove} data-testid="delete-customer">
            {t('customer.deleteCustomer')}
          </Button>
        )}
      </Space>
    </div>
  );
}

/** One customer: profile, contacts, sharing on the left; activity, deals and orders on the right. */
export default function CustomerPage({ params }: PageProps) {
  const { t } = useTranslation();
  // On a phone the columns stack: sharing moves below the activity, which matters more on the go.
  const wide = Grid.useBreakpoint().lg === true;
  const id = Number(params.id);
  const valid = Number.isSafeInteger(id) && id > 0;
  const query = useQuery({ queryKey: customerKey(id), queryFn: () => api.customers.get(id), enabled: valid });

  if (!valid || (query.isError && isApiError(query.error) && query.error.status === 404)) {
    return <Result status="404" title="404" subTitle={t('customer.notFound')} extra={<Link to="/customers">{t('app.goHome')}</Link>} />;
  }
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const customer = query.data;

  return (
    <article>
      <Header customer={customer} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10} style={{ minWidth: 0 }}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <DuplicatesCard customerId={customer.id} />
            <ProfileCard customer={customer} />
            <CustomerInsightCard customerId={customer.id} />
            <ContactsCard customerId={customer.id} />
            {wide && <SharingCard customer={customer} />}
          </Space>
        </Col>
        <Col xs={24} lg={14} style={{ minWidth: 0 }}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <LogActivity customerId={customer.id} />
            <Tabs
              items={[
                { key: 'timeline', label: t('customer.timeline'), children: <Timeline customerId={customer.id} /> },
                { key: 'deals', label: t('customer.deals'), children: <DealsList customerId={customer.id} customerName={customer.name} /> },
                { key: 'orders', label: t('customer.orders'), children: <OrdersList customerId={customer.id} /> },
              ]}
            />
            {!wide && <SharingCard customer={customer} />}
          </Space>
        </Col>
      </Row>
    </article>
  );
}
