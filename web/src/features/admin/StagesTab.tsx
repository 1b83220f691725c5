import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, InputNumber, Popconfirm, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PipelineStageShape } from '../../lib/api.ts';
import { adminApi } from './admin-api.ts';
import { useAdminMutation } from './use-admin-mutation.ts';

const STAGES = ['pipeline-stages'] as const;

/** The columns of the deal board, in order, each with its chance of winning. */
export function StagesTab() {
  const { t } = useTranslation();
  const stages = useQuery({ queryKey: STAGES, queryFn: adminApi.stages.list, select: (page) => page.items });
  const [form] = Form.useForm<{ name: string; probability: number }>();
  const add = useAdminMutation((v: { name: string; probability: number }) => adminApi.stages.add(v), STAGES);
  const update = useAdminMutation(
    ({ stage, patch }: { stage: PipelineStageShape; patch: Partial<Pick<PipelineStageShape, 'name' | 'probability' | 'position'>> }) => adminApi.stages.update(stage.id, patch, stage.version),
    STAGES,
  );
  const remove = useAdminMutation((stage: PipelineStageShape) => adminApi.stages.remove(stage.id, stage.version), STAGES, t('admin.deleted'));
  const items = stages.data ?? [];
  // Reorder by renumbering the board 10, 20, 30…: equal or crowded positions cannot block a move.
  const reorder = useAdminMutation(async ({ from, to }: { from: number; to: number }) => {
    const order = [...items];
    const [moved] = order.splice(from, 1);
    if (!moved) return;
    order.splice(to, 0, moved);
    for (const [index, stage] of order.entries()) {
      const position = (index + 1) * 10;
      if (stage.position !== position) await adminApi.stages.update(stage.id, { position }, stage.version);
    }
  }, STAGES);
  const swap = (from: number, to: number) => reorder.mutate({ from, to });

  return (
    <>
      <Form form={form} layout="inline" className="kehu-toolbar" initialValues={{ probability: 10 }} onFinish={(v) => add.mutate(v, { onSuccess: () => form.resetFields() })}>
        <Form.Item name="name" rules={[{ required: true, whitespace: true, message: t('admin.stageName') }]}>
          <Input placeholder={t('admin.stageName')} maxLength={100} />
        </Form.Item>
        <Form.Item name="probability" label={t('admin.probability')}>
          <InputNumber min={0} max={100} suffix="%" />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending}>
          {t('admin.addStage')}
        </Button>
      </Form>
      <Table<PipelineStageShape>
        rowKey="id"
        size="small"
        loading={stages.isPending}
        dataSource={items}
        pagination={false}
        data-testid="admin-stages"
        columns={[
          {
            key: 'name',
            title: t('admin.stageName'),
            render: (_, s) => (
              <Input
                size="small"
                defaultValue={s.name}
                key={`${s.id}-${s.version}`}
                maxLength={100}
                onBlur={(e) => e.target.value.trim() && e.target.value.trim() !== s.name && update.mutate({ stage: s, patch: { name: e.target.value.trim() } })}
                aria-label={t('admin.stageName')}
              />
            ),
          },
          {
            key: 'probability',
            title: t('admin.probability'),
            width: 130,
            render: (_, s) => (
              <InputNumber
                size="small"
                min={0}
                max={100}
                suffix="%"
                defaultValue={s.probability}
                key={`${s.id}-${s.version}`}
                onBlur={(e) => {
                  const value = Number(e.target.value.replace('%', ''));
                  if (Number.isInteger(value) && value !== s.probability) update.mutate({ stage: s, patch: { probability: value } });
                }}
              />
            ),
          },
          {
            key: 'actions',
            width: 200,
            render: (_, s, i) => (
              <Space>
                <Button size="small" disabled={i === 0 || reorder.isPending} onClick={() => swap(i, i - 1)} aria-label={t('admin.moveUp')}>↑</Button>
                <Button size="small" disabled={i === items.length - 1 || reorder.isPending} onClick={() => swap(i, i + 1)} aria-label={t('admin.moveDown')}>↓</Button>
                <Popconfirm title={t('admin.confirmDeleteStage', { name: s.name })} onConfirm={() => remove.mutate(s)} okText={t('app.delete')} cancelText={t('app.cancel')}>
                  <Button size="small" danger>{t('app.delete')}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
