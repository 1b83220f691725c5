import { DeleteOutlined, SaveOutlined, StarOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerFilter } from '../../lib/api.ts';
import { useStored } from '../../lib/stored.ts';

export interface SavedView {
  name: string;
  filter: CustomerFilter;
}

/** Named filter sets, kept in this browser. */
export function SavedViews({ filter, onApply }: { filter: CustomerFilter; onApply: (filter: CustomerFilter) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [views, setViews] = useStored<SavedView[]>('kehu.customers.views', []);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');

  const save = () => {
    const trimmed = name.trim();
    if (!trimmed) return;
    setViews([...views.filter((v) => v.name !== trimmed), { name: trimmed, filter }]);
    setNaming(false);
    setName('');
    void message.success(t('customers.viewSaved', { name: trimmed }));
  };

  const items = [
    ...views.map((view) => ({
      key: `view:${view.name}`,
      label: (
        <span style={{ display: 'flex', gap: 16, justifyContent: 'space-between' }}>
          <span className="kehu-ellipsis" style={{ maxWidth: 220 }}>{view.name}</span>
          <DeleteOutlined
            aria-label={t('customers.deleteView')}
            onClick={(e) => {
              e.stopPropagation();
              setViews(views.filter((v) => v.name !== view.name));
            }}
          />
        </span>
      ),
      onClick: () => onApply(view.filter),
    })),
    ...(views.length === 0 ? [{ key: 'none', label: t('customers.noViews'), disabled: true }] : []),
    { type: 'divider' as const },
    { key: 'save', icon: <SaveOutlined />, label: t('customers.saveView'), onClick: () => setNaming(true) },
  ];

  return (
    <>
      <Dropdown trigger={['click']} menu={{ items }}>
        <Button icon={<StarOutlined />}>{t('customers.views')}</Button>
      </Dropdown>
      <Modal open={naming} title={t('customers.saveView')} okText={t('app.save')} cancelText={t('app.cancel')} onOk={save} onCancel={() => setNaming(false)} okButtonProps={{ disabled: !name.trim() }} destroyOnHidden>
        <Input autoFocus placeholder={t('customers.viewName')} value={name} maxLength={60} onChange={(e) => setName(e.target.value)} onPressEnter={save} />
      </Modal>
    </>
  );
}
