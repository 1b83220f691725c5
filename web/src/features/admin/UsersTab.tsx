import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Grid, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../app/session.tsx';
import type { UserShape } from '../../lib/api.ts';
import { applyFieldErrors } from '../../lib/form-errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { adminApi, type UserListItemShape } from './admin-api.ts';
import { useAdminMutation } from './use-admin-mutation.ts';

export const ROLES = ['admin', 'manager', 'sales', 'viewer'] as const satisfies ReadonlyArray<UserShape['role']>;
const USERS = ['admin', 'users'] as const;

function AddUserModal({ open, onClose, teams }: { open: boolean; onClose: () => void; teams: Array<{ value: number; label: string }> }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const [problem, setProblem] = useState<string[]>([]);
  const add = useMutation({
    mutationFn: (v: { email: string; name: string; role: UserShape['role']; teamId?: number; password?: string }) =>
      adminApi.users.add({ ...v, teamId: v.teamId ?? null, password: v.password || undefined }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: USERS });
      void client.invalidateQueries({ queryKey: ['users'] });
      form.resetFields();
      setProblem([]);
      onClose();
    },
    onError: (error) => setProblem(applyFieldErrors(form, error, ['email', 'name', 'role', 'teamId', 'password'])),
  });
  return (
    <Modal open={open} title={t('admin.addUser')} onCancel={onClose} onOk={() => form.submit()} okText={t('app.save')} confirmLoading={add.isPending} destroyOnHidden>
      {problem.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problem.join(' ')} />}
      <Form form={form} layout="vertical" initialValues={{ role: 'sales' }} onFinish={(v) => add.mutate(v)}>
        <Form.Item name="name" label={t('admin.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="email" label={t('auth.email')} rules={[{ required: true, type: 'email' }]}>
          <Input type="email" maxLength={254} />
        </Form.Item>
        <Form.Item name="role" label={t('admin.role')}>
          <Select options={ROLES.map((r) => ({ value: r, label: t(`admin.roles.${r}`) }))} />
        </Form.Item>
        <Form.Item name="teamId" label={t('admin.team')}>
          <Select allowClear options={teams} />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} extra={t('admin.passwordHint')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A one-time link for someone who forgot their password, shown once for the admin to pass on. */
function ResetLinkModal({ user, onClose }: { user: UserListItemShape | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const make = useMutation({ mutationFn: (id: number) => adminApi.users.resetLink(id) });
  const link = make.data;
  return (
    <Modal
      open={user !== null}
      title={t('admin.resetLinkFor', { name: user?.name ?? '' })}
      onCancel={onClose}
      afterClose={() => make.reset()}
      footer={link ? <Button type="primary" onClick={onClose}>{t('app.close')}</Button> : undefined}
      okText={t('admin.makeResetLink')}
      cancelText={t('app.cancel')}
      onOk={() => user && make.mutate(user.id)}
      confirmLoading={make.isPending}
      destroyOnHidden
    >
      {link ? (
        <>
          <Typography.Paragraph>{t('admin.resetLinkGive', { name: user?.name ?? '' })}</Typography.Paragraph>
          <Typography.Paragraph copyable={{ text: `${window.location.origin}${link.path}` }} code className="kehu-wrap" data-testid="reset-link">
            {`${window.location.origin}${link.path}`}
          </Typography.Paragraph>
          <div className="kehu-muted">{t('admin.resetLinkExpires', { when: formatDateTime(link.expiresAt, i18n.language) })}</div>
        </>
      ) : (
        <>
          <Typography.Paragraph>{t('admin.resetLinkIntro', { name: user?.name ?? '', email: user?.email ?? '' })}</Typography.Paragraph>
          {make.isError && <Alert type="error" showIcon title={make.error.message} />}
        </>
      )}
    </Modal>
  );
}

/** Everyone who may sign in: role, team, disabled, and a reset link or a new password when one is forgotten. */
export function UsersTab() {
  const { t } = useTranslation();
  const me = useUser();
  const users = useQuery({ queryKey: USERS, queryFn: adminApi.users.list });
  const teams = useQuery({ queryKey: ['admin', 'teams'], queryFn: adminApi.teams.list });
  const [adding, setAdding] = useState(false);
  const [passwordFor, setPasswordFor] = useState<UserListItemShape | null>(null);
  const [resetFor, setResetFor] = useState<UserListItemShape | null>(null);
  const [password, setPassword] = useState('');
  const update = useAdminMutation(({ id, patch }: { id: number; patch: Parameters<typeof adminApi.users.update>[1] }) => adminApi.users.update(id, patch), USERS);
  const setPw = useAdminMutation(({ id, pw }: { id: number; pw: string }) => adminApi.users.setPassword(id, pw), USERS, t('admin.passwordSet'));
  const teamOptions = (teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name }));
  // On a phone the e-mail goes under the name: beside the role and team pickers a name was squeezed to a letter a line.
  const wide = Grid.useBreakpoint().md !== false;

  return (
    <>
      <div className="kehu-toolbar">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t('admin.addUser')}
        </Button>
      </div>
      <Table<UserListItemShape>
        rowKey="id"
        size="small"
        loading={users.isPending}
        dataSource={users.data?.items ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        data-testid="admin-users"
        columns={[
          {
            key: 'name',
            title: t('admin.name'),
            width: wide ? undefined : 170,
            render: (_, u) => (
              <span className="kehu-wrap">
                <span data-testid="user-name">{u.name}</span>
                {u.id === me.id && <Tag style={{ marginInlineStart: 6 }}>{t('admin.you')}</Tag>}
                {!wide && <div className="kehu-muted" style={{ fontSize: 12 }}>{u.email}</div>}
              </span>
            ),
          },
          ...(wide ? [{ key: 'email', title: t('auth.email'), dataIndex: 'email', ellipsis: true }] : []),
          {
            key: 'role',
            title: t('admin.role'),
            width: 140,
            render: (_, u) => (
              <Select size="small" value={u.role} style={{ width: 120 }} onChange={(role) => update.mutate({ id: u.id, patch: { role } })} options={ROLES.map((r) => ({ value: r, label: t(`admin.roles.${r}`) }))} />
            ),
          },
          {
            key: 'team',
            title: t('admin.team'),
            width: 170,
            render: (_, u) => (
              <Select size="small" allowClear value={u.teamId ?? undefined} style={{ width: 150 }} placeholder={t('app.none')} onChange={(teamId) => update.mutate({ id: u.id, patch: { teamId: teamId ?? null } })} options={teamOptions} />
            ),
          },
          {
            key: 'active',
            title: t('admin.active'),
            width: 80,
            render: (_, u) => <Switch size="small" checked={!u.disabled} disabled={u.id === me.id} onChange={(on) => update.mutate({ id: u.id, patch: { disabled: !on } })} />,
          },
          { key: 'totp', title: t('admin.twoFactor'), width: 90, render: (_, u) => (u.totpEnabled ? <Tag color="success">{t('app.yes')}</Tag> : t('app.no')) },
          {
            key: 'actions',
            width: 220,
            render: (_, u) => (
              <Space size={4} wrap>
                {!u.disabled && <Button size="small" onClick={() => setResetFor(u)} data-testid="make-reset-link">{t('admin.resetLink')}</Button>}
                <Button size="small" onClick={() => setPasswordFor(u)}>{t('admin.setPassword')}</Button>
              </Space>
            ),
          },
        ]}
      />
      <ResetLinkModal user={resetFor} onClose={() => setResetFor(null)} />
      <AddUserModal open={adding} onClose={() => setAdding(false)} teams={teamOptions} />
      <Modal
        open={passwordFor !== null}
        title={t('admin.setPasswordFor', { name: passwordFor?.name ?? '' })}
        onCancel={() => setPasswordFor(null)}
        okButtonProps={{ disabled: password.length < 10 }}
        onOk={() => {
          if (passwordFor) setPw.mutate({ id: passwordFor.id, pw: password }, { onSuccess: () => setPasswordFor(null) });
          setPassword('');
        }}
        destroyOnHidden
      >
        <Input.Password value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" aria-label={t('auth.newPassword')} />
        <div className="kehu-muted" style={{ marginTop: 8 }}>{t('admin.passwordHint')} {t('admin.signedOutEverywhere')}</div>
      </Modal>
    </>
  );
}
