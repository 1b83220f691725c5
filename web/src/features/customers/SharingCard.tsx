import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, List, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canWrite, useUser } from '../../app/session.tsx';
import { api, type Customer } from '../../lib/api.ts';
import { useTeams } from '../analytics/analytics-api.ts';
import { useOwnerName, useUsers } from './use-lookups.ts';

/** Owner, transfer to a colleague, and sharing with a colleague (read or write): who has it now, and a way to stop. */
export function SharingCard({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const client = useQueryClient();
  const { users, byId } = useUsers();
  const teams = useTeams();
  const ownerName = useOwnerName();
  const [newOwner, setNewOwner] = useState<number>();
  const [shareUser, setShareUser] = useState<number>();
  const [access, setAccess] = useState<'read' | 'write'>('read');
  const sharesKey = ['customers', customer.id, 'shares'];
  const shares = useQuery({ queryKey: sharesKey, queryFn: () => api.customers.shares(customer.id) });
  const refresh = () => client.invalidateQueries({ queryKey: ['customers'] });
  const onError = (error: Error) => void message.error(error.message);

  const transfer = useMutation({ mutationFn: (ownerId: number) => api.customers.transfer([customer.id], ownerId), onSuccess: async () => { await refresh(); setNewOwner(undefined); void message.success(t('app.saved')); }, onError });
  const share = useMutation({
    mutationFn: (userId: number) => api.customers.share(customer.id, { userId, access }),
    onSuccess: async () => { await client.invalidateQueries({ queryKey: sharesKey }); setShareUser(undefined); void message.success(t('customer.shared')); },
    onError,
  });
  const unshare = useMutation({
    mutationFn: (target: { userId?: number; teamId?: number }) => api.customers.unshare(customer.id, target),
    onSuccess: async () => { await client.invalidateQueries({ queryKey: sharesKey }); void message.success(t('app.saved')); },
    onError,
  });

  const others = users.filter((u) => u.id !== customer.ownerId).map((u) => ({ value: u.id, label: `${u.name} · ${u.email}` }));
  const manages = canWrite(user) && (user.role === 'admin' || user.role === 'manager' || customer.ownerId === user.id);
  const who = (s: { userId: number | null; teamId: number | null }) =>
    s.userId !== null
      ? (s.userId === user.id ? user.name : (byId.get(s.userId)?.name ?? `#${s.userId}`))
      : t('customer.sharedTeam', { name: teams.data?.find((team) => team.id === s.teamId)?.name ?? `#${s.teamId}` });
  const items = shares.data?.items ?? [];

  return (
    <Card title={t('customer.sharing')} size="small">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('customers.owner')}>{ownerName(customer.ownerId)}</Descriptions.Item>
      </Descriptions>
      {items.length > 0 && (
        <List
          size="small"
          header={<span className="kehu-muted">{t('customer.sharedWith')}</span>}
          dataSource={items}
          data-testid="customer-shares"
          renderItem={(s) => (
            <List.Item
              data-testid="customer-share"
              actions={manages ? [<Button key="stop" type="link" size="small" loading={unshare.isPending && unshare.variables?.userId === (s.userId ?? undefined) && unshare.variables?.teamId === (s.teamId ?? undefined)} onClick={() => unshare.mutate(s.userId !== null ? { userId: s.userId } : { teamId: s.teamId ?? 0 })} aria-label={`${t('customer.unshare')} ${who(s)}`}>{t('customer.unshare')}</Button>] : []}
            >
              <span className="kehu-wrap">
                {who(s)} <Tag color={s.access === 'write' ? 'blue' : 'default'}>{t(s.access === 'write' ? 'customer.accessWrite' : 'customer.accessRead')}</Tag>
              </span>
            </List.Item>
          )}
        />
      )}
      {manages && others.length > 0 && (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
          {(user.role === 'admin' || user.role === 'manager') && (
            <Space.Compact style={{ width: '100%' }}>
              <Select style={{ flex: 1, minWidth: 0 }} placeholder={t('customers.chooseOwner')} value={newOwner} onChange={setNewOwner} options={others} showSearch={{ optionFilterProp: 'label' }} />
              <Button disabled={!newOwner} loading={transfer.isPending} onClick={() => newOwner && transfer.mutate(newOwner)}>{t('customer.transfer')}</Button>
            </Space.Compact>
          )}
          <Space.Compact style={{ width: '100%' }}>
            <Select style={{ flex: 1, minWidth: 0 }} placeholder={t('customer.shareWith')} value={shareUser} onChange={setShareUser} options={others} showSearch={{ optionFilterProp: 'label' }} aria-label={t('customer.shareWith')} />
            <Select<'read' | 'write'> value={access} onChange={setAccess} style={{ width: 110 }} options={[{ value: 'read', label: t('customer.accessRead') }, { value: 'write', label: t('customer.accessWrite') }]} aria-label={t('customer.shareAccess')} />
          </Space.Compact>
          <Button disabled={!shareUser} loading={share.isPending} onClick={() => shareUser && share.mutate(shareUser)} data-testid="share-customer">{t('customer.share')}</Button>
        </Space>
      )}
    </Card>
  );
}
