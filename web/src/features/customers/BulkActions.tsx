import { DeleteOutlined, TagOutlined, TagsOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, AutoComplete, Button, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError, type Customer } from '../../lib/api.ts';
import { useTags, useUsers } from './use-lookups.ts';

/** What a bulk change did, for the page to say until the next one. */
export interface BulkOutcome {
  ok: boolean;
  text: string;
}

interface Props {
  selected: Customer[];
  onDone: (outcome: BulkOutcome) => void;
}

/** Runs one request per customer, in order; reports how many failed and why. */
async function each(customers: Customer[], work: (c: Customer) => Promise<unknown>) {
  let failed = 0;
  let reason = '';
  for (const customer of customers) {
    try {
      await work(customer);
    } catch (error) {
      failed += 1;
      reason = isApiError(error) || error instanceof Error ? error.message : String(error);
    }
  }
  return { failed, reason };
}

/** Assign owner, add or remove a tag, or delete the selected customers. */
export function BulkActions({ selected, onDone }: Props) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const client = useQueryClient();
  const { users } = useUsers();
  const tags = useTags();
  const [dialog, setDialog] = useState<'owner' | 'tag' | 'untag' | null>(null);
  const [ownerId, setOwnerId] = useState<number | undefined>();
  const [tag, setTag] = useState('');
  const [untag, setUntag] = useState<string | undefined>();
  // the tags the selection has, most used first: the only ones there are to remove
  const heldTags = [...selected.flatMap((c) => c.tags).reduce((n, name) => n.set(name, (n.get(name) ?? 0) + 1), new Map<string, number>())].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const [busy, setBusy] = useState(false);
  const count = selected.length;

  const finish = async (result: { failed: number; reason: string }, success: string) => {
    await client.invalidateQueries({ queryKey: ['customers'] });
    setBusy(false);
    setDialog(null);
    onDone(result.failed > 0 ? { ok: false, text: t('customers.bulkFailed', { failed: result.failed, count, reason: result.reason }) } : { ok: true, text: success });
  };

  const transfer = async () => {
    if (!ownerId) return;
    setBusy(true);
    try {
      const { transferred } = await api.customers.transfer(selected.map((c) => c.id), ownerId);
      await finish({ failed: 0, reason: '' }, t('customers.transferred', { count: transferred, name: users.find((u) => u.id === ownerId)?.name ?? `#${ownerId}` }));
    } catch (error) {
      await finish({ failed: count, reason: error instanceof Error ? error.message : String(error) }, '');
    }
  };

  const addTag = async () => {
    const name = tag.trim();
    if (!name) return;
    setBusy(true);
    const result = await each(selected, (c) => (c.tags.includes(name) ? Promise.resolve() : api.customers.update(c.id, { tags: [...c.tags, name] }, c.version)));
    await client.invalidateQueries({ queryKey: ['tags'] });
    await finish(result, t('customers.tagged', { count: count - result.failed, tag: name }));
  };

  const removeTag = async () => {
    const name = untag;
    if (!name) return;
    setBusy(true);
    const holders = selected.filter((c) => c.tags.includes(name));
    const result = await each(holders, (c) => api.customers.update(c.id, { tags: c.tags.filter((x) => x !== name) }, c.version));
    await client.invalidateQueries({ queryKey: ['tags'] });
    setUntag(undefined);
    await finish(result, t('customers.untagged', { count: holders.length - result.failed, tag: name }));
  };

  const remove = () =>
    modal.confirm({
      title: t('customers.confirmDelete', { count }),
      okText: t('app.delete'),
      okButtonProps: { danger: true },
      cancelText: t('app.cancel'),
      onOk: async () => {
        setBusy(true);
        const result = await each(selected, (c) => api.customers.remove(c.id, c.version));
        await finish(result, t('customers.deleted', { count: count - result.failed }));
      },
    });

  return (
    <div className="kehu-bulk" data-testid="bulk-actions">
      <strong>{t('customers.selected', { count })}</strong>
      <Button icon={<UserSwitchOutlined />} onClick={() => setDialog('owner')}>{t('customers.assignOwner')}</Button>
      <Button icon={<TagOutlined />} onClick={() => setDialog('tag')}>{t('customers.addTag')}</Button>
      <Button icon={<TagsOutlined />} onClick={() => setDialog('untag')} data-testid="bulk-remove-tag">{t('customers.removeTag')}</Button>
      <Button danger icon={<DeleteOutlined />} onClick={remove} loading={busy && dialog === null}>{t('customers.deleteSelected')}</Button>
      <Modal open={dialog === 'owner'} title={t('customers.assignOwner')} okText={t('app.confirm')} cancelText={t('app.cancel')} onOk={() => void transfer()} onCancel={() => setDialog(null)} confirmLoading={busy} okButtonProps={{ disabled: !ownerId }}>
        <Select style={{ width: '100%' }} placeholder={t('customers.chooseOwner')} value={ownerId} onChange={setOwnerId} showSearch={{ optionFilterProp: 'label' }} options={users.map((u) => ({ value: u.id, label: `${u.name} · ${u.email}` }))} />
      </Modal>
      <Modal open={dialog === 'tag'} title={t('customers.addTag')} okText={t('app.confirm')} cancelText={t('app.cancel')} onOk={() => void addTag()} onCancel={() => setDialog(null)} confirmLoading={busy} okButtonProps={{ disabled: !tag.trim() }}>
        <AutoComplete style={{ width: '100%' }} placeholder={t('customers.tagName')} value={tag} onChange={setTag} options={(tags.data ?? []).map((x) => ({ value: x.name }))} filterOption={(input, option) => String(option?.value ?? '').toLowerCase().includes(input.toLowerCase())} />
      </Modal>
      <Modal open={dialog === 'untag'} title={t('customers.removeTag')} okText={t('app.confirm')} cancelText={t('app.cancel')} onOk={() => void removeTag()} onCancel={() => setDialog(null)} confirmLoading={busy} okButtonProps={{ disabled: !untag }}>
        <Select
          style={{ width: '100%' }}
          placeholder={heldTags.length > 0 ? t('customers.tagName') : t('customers.noTagsSelected')}
          disabled={heldTags.length === 0}
          value={untag}
          onChange={setUntag}
          options={heldTags.map(([name, n]) => ({ value: name, label: `${name} (${n})` }))}
          data-testid="untag-choice"
        />
      </Modal>
    </div>
  );
}
