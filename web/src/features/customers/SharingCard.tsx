import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canWrite, useUser } from '../../app/session.tsx';
import { api, type Customer } from '../../lib/api.ts';
import { useOwnerName, useUsers } from './use-lookups.ts';

/** Owner, transfer to a colleague, and sharing with a colleague (read or write). */
export function SharingCard({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const client = useQueryClient();
  const { users } = useUsers();
  const ownerName = useOwnerName();
  const [newOwner, setNewOwner] = useState<number>();
  const [shareUser, setShareUser] = useState<number>();
  const [access, setAccess] = useState<'read' | 'write'>('read');
  const refresh = () => client.invalidateQueries({ queryKey: ['customers'] });
  const onError = (error: Error) => void message.error(error.message);

  const transfer = useMutation({ mutationFn: (ownerId: number) => api.customers.transfer([customer.id], ownerId), onSuccess: async () => { await refresh(); setNewOwner(undefined); void message.success(t('app.saved')); }, onError });
  const share = useMutation({ mutationFn: (userId: number) => api.customers.share(customer.id, { userId, access }), onSuccess: () => void message.success(t('customer.shared')), onError });
  const unshare = useMutation({ mutationFn: (userId: number) => api.customers.unshare(customer.id, { userId }), onSuccess: () => void message.success(t('app.saved')), onError });

  const others = users.filter((u) => u.id !== customer.ownerId).map((u) => ({ value: u.id, label: `${u.name} · ${u.email}` }));
  const manages = canWrite(user) && (user.role === 'admin' || user.role === 'manager' || customer.ownerId === user.id);

  return (
    <Card title={t('customer.sharing')} size="small">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('customers.owner')}>{ownerName(customer.ownerId)}</Descriptions.Item>
      </Descriptions>
      {manages && others.length > 0 && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {(user.role === 'admin' || user.role === 'manager') && (
            <Space.Compact style={{ width: '100%' }}>
              <Select style={{ flex: 1, minWidth: 0 }} placeholder={t('customers.chooseOwner')} value={newOwner} onChange={setNewOwner} options={others} showSearch={{ optionFilterProp: 'label' }} />
              <Button disabled={!newOwner} loading={transfer.isPending} onClick={() => newOwner && transfer.mutate(newOwner)}>{t('customer.transfer')}</Button>
            </Space.Compact>
          )}
          <Space.Compact style={{ width: '100%' }}>
            <Select style={{ flex: 1, minWidth: 0 }} placeholder={t('customer.shareWith')} value={shareUser} onChange={setShareUser} options={others} showSearch={{ optionFilterProp: 'label' }} />
            <Select<'read' | 'write'> value={access} onChange={setAccess} style={{ width: 110 }} options={[{ value: 'read', label: t('customer.accessRead') }, { value: 'write', label: t('customer.accessWrite') }]} />
          </Space.Compact>
          <Space>
            <Button disabled={!shareUser} loading={share.isPending} onClick={() => shareUser && share.mutate(shareUser)}>{t('customer.share')}</Button>
            <Button disabled={!shareUser} loading={unshare.isPending} onClick={() => shareUser && unshare.mutate(shareUser)}>{t('customer.unshare')}</Button>
          </Space>
        </Space>
      )}
    </Card>
  );
}
