import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Checkbox, DatePicker, Form, Input, Modal, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../app/session.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { adminApi, type ApiTokenShape } from './admin-api.ts';
import { useAdminMutation } from './use-admin-mutation.ts';

const TOKENS = ['admin', 'tokens'] as const;

interface Values {
  name?: string;
  readOnly?: boolean;
  expiresAt?: Dayjs | null;
  userId?: number;
}

const STATUS_COLOR = { active: 'green', expired: 'default', revoked: 'red' } as const;

/**
 * API tokens: everyone manages their own, an admin everyone's. A new token is shown once, right
 * after it is created; afterwards only its first characters are known.
 */
export function TokensTab() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const isAdmin = user.role === 'admin';
  const tokens = useQuery({ queryKey: TOKENS, queryFn: adminApi.tokens.list });
  const users = useQuery({ queryKey: ['admin', 'users'], queryFn: adminApi.users.list, enabled: isAdmin });
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();
  const create = useAdminMutation(
    (v: Values) =>
      adminApi.tokens.create({
        ...(v.name?.trim() ? { name: v.name.trim() } : {}),
        readOnly: v.readOnly === true,
        ...(v.expiresAt ? { expiresAt: v.expiresAt.toISOString() } : {}),
        ...(v.userId !== undefined ? { userId: v.userId } : {}),
      }),
    TOKENS,
    t('admin.tokenCreated'),
  );
  const revoke = useAdminMutation((token: ApiTokenShape) => adminApi.tokens.revoke(token.id), TOKENS, t('admin.tokenRevoked'));
  // Said on the page until the next token, not in a toast that is gone after 3 s (a slow machine's
  // user, or a test on one, could miss it while the table still showed the tokens as active).
  const [revokedAll, setRevokedAll] = useState(false);
  const revokeAll = useAdminMutation(() => adminApi.tokens.revokeAllMine(), TOKENS, null);
  const activeOfMine = (tokens.data?.items ?? []).filter((token) => token.userId === user.id && token.status === 'active').length;
  const when = (value: string | null, none: string) => (value ? formatDateTime(value, i18n.language) : none);

  return (
    <>
      <Typography.Paragraph type="secondary">{t('admin.tokensIntro')}</Typography.Paragraph>
      <div className="kehu-toolbar">
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            form.resetFields();
            setCreating(true);
          }}
        >
          {t('admin.addToken')}
        </Button>
        {activeOfMine > 0 && (
          <Popconfirm title={t('admin.confirmRevokeAllTokens', { count: activeOfMine })} onConfirm={() => revokeAll.mutate(undefined, { onSuccess: () => setRevokedAll(true) })} okText={t('admin.revoke')} cancelText={t('app.cancel')}>
            <Button danger data-testid="revoke-all-tokens">
              {t('admin.revokeAllMyTokens')}
            </Button>
          </Popconfirm>
        )}
      </div>
      {revokedAll && <Alert type="success" showIcon closable title={t('admin.allTokensRevoked')} onClose={() => setRevokedAll(false)} style={{ marginBottom: 12 }} data-testid="all-tokens-revoked" />}
      <Table<ApiTokenShape>
        rowKey="id"
        size="small"
        loading={tokens.isPending}
        dataSource={tokens.data?.items ?? []}
        pagination={false}
        data-testid="admin-tokens"
        locale={{ emptyText: t('admin.noTokens') }}
        columns={[
          { key: 'name', title: t('admin.name'), render: (_, token) => <span className="kehu-wrap">{token.name}</span> },
          { key: 'prefix', title: t('admin.tokenPrefix'), render: (_, token) => <Typography.Text code>{`${token.prefix}…`}</Typography.Text> },
          ...(isAdmin ? [{ key: 'user', title: t('admin.tokenUser'), render: (_: unknown, token: ApiTokenShape) => token.email }] : []),
          { key: 'scope', title: t('admin.tokenScope'), render: (_, token) => t(`admin.tokenScopes.${token.scope}`) },
          { key: 'status', title: t('admin.tokenStatus'), render: (_, token) => <Tag color={STATUS_COLOR[token.status]}>{t(`admin.tokenStatuses.${token.status}`)}</Tag> },
          { key: 'expires', title: t('admin.tokenExpires'), render: (_, token) => when(token.expiresAt, t('admin.never')) },
          { key: 'lastUsed', title: t('admin.tokenLastUsed'), render: (_, token) => when(token.lastUsedAt, t('admin.never')) },
          {
            key: 'actions',
            width: 100,
            render: (_, token) =>
              token.status === 'revoked' ? null : (
                <Popconfirm title={t('admin.confirmRevokeToken', { name: token.name })} onConfirm={() => revoke.mutate(token)} okText={t('admin.revoke')} cancelText={t('app.cancel')}>
                  <Button size="small" danger>
                    {t('admin.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal open={creating} title={t('admin.addToken')} onCancel={() => setCreating(false)} onOk={() => form.submit()} okText={t('app.save')} confirmLoading={create.isPending} destroyOnHidden>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            create.mutate(v, {
              onSuccess: (created) => {
                setRevokedAll(false);
                setCreating(false);
                setSecret(created.token);
              },
            })
          }
        >
          <Form.Item name="name" label={t('admin.name')}>
            <Input maxLength={100} placeholder={t('admin.tokenNameHint')} />
          </Form.Item>
          {isAdmin && (
            <Form.Item name="userId" label={t('admin.tokenUser')} extra={t('admin.tokenUserHint')}>
              <Select allowClear showSearch optionFilterProp="label" options={(users.data?.items ?? []).filter((u) => !u.disabled).map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }))} />
            </Form.Item>
          )}
          <Form.Item name="readOnly" valuePropName="checked">
            <Checkbox>{t('admin.tokenReadOnly')}</Checkbox>
          </Form.Item>
          <Form.Item name="expiresAt" label={t('admin.tokenExpires')} extra={t('admin.tokenExpiresHint')}>
            <DatePicker showTime />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={secret !== null} title={t('admin.tokenCreated')} onCancel={() => setSecret(null)} footer={<Button type="primary" onClick={() => setSecret(null)}>{t('admin.tokenStored')}</Button>} destroyOnHidden>
        <Alert type="warning" showIcon message={t('admin.tokenShownOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable={{ text: secret ?? '' }} code data-testid="new-token" className="kehu-wrap">
          {secret}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}
