import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, Modal, Popconfirm, Select, Table } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, type TeamShape } from './admin-api.ts';
import { useAdminMutation } from './use-admin-mutation.ts';

const TEAMS = ['admin', 'teams'] as const;

interface Values {
  name: string;
  parentId?: number | null;
  managerId?: number | null;
}

/** Teams form a tree; a manager sees the customers of their team and every team below. */
export function TeamsTab() {
  const { t } = useTranslation();
  const teams = useQuery({ queryKey: TEAMS, queryFn: adminApi.teams.list });
  const users = useQuery({ queryKey: ['admin', 'users'], queryFn: adminApi.users.list });
  const [editing, setEditing] = useState<TeamShape | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const save = useAdminMutation(
    (v: Values) => {
      const body = { name: v.name, parentId: v.parentId ?? null, managerId: v.managerId ?? null };
      return editing && editing !== 'new' ? adminApi.teams.update(editing.id, body) : adminApi.teams.add(body);
    },
    TEAMS,
  );
  const remove = useAdminMutation((team: TeamShape) => adminApi.teams.remove(team.id), TEAMS, t('admin.deleted'));

  useEffect(() => {
    if (!editing) return;
    form.resetFields();
    if (editing !== 'new') form.setFieldsValue({ name: editing.name, parentId: editing.parentId, managerId: editing.managerId });
  }, [editing, form]);

  const managers = (users.data?.items ?? []).filter((u) => !u.disabled && (u.role === 'manager' || u.role === 'admin'));
  return (
    <>
      <div className="kehu-toolbar">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('admin.addTeam')}
        </Button>
      </div>
      <Table<TeamShape>
        rowKey="id"
        size="small"
        loading={teams.isPending}
        dataSource={teams.data?.items ?? []}
        pagination={false}
        data-testid="admin-teams"
        locale={{ emptyText: t('admin.noTeams') }}
        columns={[
          { key: 'name', title: t('admin.name'), render: (_, team) => <span className="kehu-wrap">{team.name}</span> },
          { key: 'parent', title: t('admin.parentTeam'), render: (_, team) => team.parent ?? t('app.none') },
          { key: 'manager', title: t('admin.manager'), render: (_, team) => team.manager ?? t('app.none') },
          { key: 'members', title: t('admin.members'), dataIndex: 'members', width: 90 },
          {
            key: 'actions',
            width: 160,
            render: (_, team) => (
              <span style={{ display: 'flex', gap: 8 }}>
                <Button size="small" onClick={() => setEditing(team)}>{t('app.edit')}</Button>
                <Popconfirm title={t('admin.confirmDeleteTeam', { name: team.name })} onConfirm={() => remove.mutate(team)} okText={t('app.delete')} cancelText={t('app.cancel')}>
                  <Button size="small" danger>{t('app.delete')}</Button>
                </Popconfirm>
              </span>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('admin.addTeam') : t('admin.editTeam')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={t('app.save')}
        confirmLoading={save.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v, { onSuccess: () => setEditing(null) })}>
          <Form.Item name="name" label={t('admin.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="parentId" label={t('admin.parentTeam')}>
            <Select allowClear options={(teams.data?.items ?? []).filter((team) => editing === 'new' || team.id !== editing?.id).map((team) => ({ value: team.id, label: team.name }))} />
          </Form.Item>
          <Form.Item name="managerId" label={t('admin.manager')}>
            <Select allowClear options={managers.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
