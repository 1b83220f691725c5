import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../../app/router.tsx';
import { canWrite, useUser } from '../../app/session.tsx';
import { ErrorState } from '../../components/States.tsx';
import { api } from '../../lib/api.ts';
import { useConfirmRemove } from '../customers/record-actions.tsx';
import { TagFormModal } from './TagFormModal.tsx';
import { tagsApi, type TagShape } from './tags-api.ts';

/**
 * The one list of tags: anyone who writes may add one; managers and admins rename, recolour and
 * delete them (which changes every customer and contact that carries the tag).
 */
export default function TagsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const client = useQueryClient();
  const confirmRemove = useConfirmRemove();
  const tags = useQuery({ queryKey: ['tags'], queryFn: api.tags.list, select: (page) => page.items });
  const [editing, setEditing] = useState<TagShape | null | 'new'>(null);
  const mayManage = canWrite(user) && (user.role === 'admin' || user.role === 'manager');
  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: ['tags'] }), client.invalidateQueries({ queryKey: ['customers'] }), client.invalidateQueries({ queryKey: ['contacts'] })]);
  const remove = (tag: TagShape) =>
    confirmRemove({ title: t('tags.confirmDelete', { name: tag.name }), remove: () => tagsApi.remove(tag.id, tag.version), restore: () => tagsApi.restore(tag.id), refresh });

  return (
    <div>
      <div className="kehu-page-title">
        <h1>{t('tags.title')}</h1>
        <span style={{ flex: 1 }} />
        {canWrite(user) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-tag">
            {t('tags.new')}
          </Button>
        )}
      </div>
      <p className="kehu-muted">{mayManage ? t('tags.intro') : t('tags.introRep')}</p>
      {tags.isError ? (
        <ErrorState error={tags.error} onRetry={() => void tags.refetch()} />
      ) : (
        <Table<TagShape>
          rowKey="id"
          size="small"
          loading={tags.isPending}
          dataSource={tags.data ?? []}
          pagination={false}
          data-testid="tag-list"
          locale={{ emptyText: t('tags.empty') }}
          columns={[
            {
              key: 'name',
              title: t('tags.name'),
              render: (_, tag) => (
                <Tag color={tag.color ?? undefined} className="kehu-wrap">
                  {tag.name}
                </Tag>
              ),
            },
            {
              key: 'customers',
              title: t('tags.customers'),
              width: 160,
              render: (_, tag) => <Link to={`/customers?tag=${encodeURIComponent(tag.name)}`}>{t('tags.showCustomers')}</Link>,
            },
            ...(mayManage
              ? [
                  {
                    key: 'actions',
                    width: 96,
                    render: (_: unknown, tag: TagShape) => (
                      <Space size={0}>
                        <Button type="text" size="small" icon={<EditOutlined />} onClick={() => setEditing(tag)} aria-label={`${t('app.edit')} ${tag.name}`} />
                        <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(tag)} aria-label={`${t('app.delete')} ${tag.name}`} />
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <TagFormModal open={editing !== null} tag={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
    </div>
  );
}
