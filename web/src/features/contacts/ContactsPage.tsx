import { DeleteOutlined, DownloadOutlined, EditOutlined, MoreOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQueries, useQueryClient } from '@tanstack/react-query';
import type { ColumnsType } from 'antd/es/table';
import { Button, Dropdown, Grid, Input, Select, Space, Table, Tag, type InputRef } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../../app/router.tsx';
import { canWrite, useUser } from '../../app/session.tsx';
import { exportUrl } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { useHotkey } from '../../lib/use-hotkey.ts';
import { useConfirmRemove } from '../customers/record-actions.tsx';
import { useTags } from '../customers/use-lookups.ts';
import { contactsApi, type ContactShape } from './contacts-api.ts';
import { PhoneLink } from '../customers/PhoneLink.tsx';
import { ContactFormModal } from './ContactFormModal.tsx';

const SORTS = ['-createdAt', 'name', '-updatedAt'] as const;

const primary = (points: ContactShape['phones']) => points.find((p) => p.primary) ?? points[0];

/** Edit and delete for one row, shown only where the server says the viewer may change the contact. */
function ContactActions({ contact, editable, compact, onEdit, onRemove }: { contact: ContactShape; editable: boolean; compact: boolean; onEdit: () => void; onRemove: () => void }) {
  const { t } = useTranslation();
  if (!editable) return null;
  if (compact) {
    return (
      <Dropdown trigger={['click']} menu={{ items: [{ key: 'edit', icon: <EditOutlined />, label: t('app.edit'), onClick: onEdit }, { key: 'delete', icon: <DeleteOutlined />, danger: true, label: t('app.delete'), onClick: onRemove }] }}>
        <Button type="text" size="small" icon={<MoreOutlined />} aria-label={`${t('contacts.actions')} ${contact.name}`} data-testid="contact-actions" />
      </Dropdown>
    );
  }
  return (
    <Space size={0}>
      <Button type="text" size="small" icon={<EditOutlined />} onClick={onEdit} aria-label={`${t('app.edit')} ${contact.name}`} data-testid="edit-contact" />
      <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={`${t('app.delete')} ${contact.name}`} data-testid="delete-contact" />
    </Space>
  );
}

/** Every contact person the viewer may see, searchable by name, pinyin, phone or e-mail. */
export default function ContactsPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const search = useRef<InputRef>(null);
  const [text, setText] = useState('');
  const [tag, setTag] = useState<string | undefined>();
  const [sort, setSort] = useState<(typeof SORTS)[number]>('-createdAt');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<ContactShape | null>(null);
  const client = useQueryClient();
  const confirmRemove = useConfirmRemove();
  const q = useDebounced(text.trim(), 250);
  const tags = useTags();
  // On a phone: name, customer and a call button, no sideways scrolling.
  const wide = Grid.useBreakpoint().md !== false;
  const phoneColumns = new Set(['name', 'customer', 'phone', 'actions']);
  useHotkey('/', () => search.current?.focus());
  useHotkey('n', () => setCreating(true), canWrite(user));

  const contacts = useInfiniteQuery({
    queryKey: ['contacts', 'list', q, tag, sort],
    queryFn: ({ pageParam }) => contactsApi.list({ q: q || undefined, tag, sort: q ? undefined : sort, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const pages = contacts.data?.pages ?? [];
  const items = pages.flatMap((p) => p.items);
  // One request per page of 50 for what the viewer may change (not one per row); none for a read-only user.
  const access = useQueries({
    queries: pages.map((page) => ({
      queryKey: ['contacts', 'access', page.items.map((c) => c.id).join(',')],
      queryFn: () => contactsApi.access(page.items.map((c) => c.id)),
      enabled: canWrite(user) && page.items.length > 0,
      staleTime: 60_000,
    })),
    combine: (results) => new Set(results.flatMap((r) => (r.data?.items ?? []).filter((i) => i.access === 'write').map((i) => i.id))),
  });
  const remove = (contact: ContactShape) =>
    confirmRemove({
      title: t('records.confirmDeleteContact', { name: contact.name }),
      remove: () => contactsApi.remove(contact.id, contact.version),
      restore: () => contactsApi.restore(contact.id),
      refresh: () => Promise.all([client.invalidateQueries({ queryKey: ['contacts'] }), client.invalidateQueries({ queryKey: ['customers'] })]),
    });

  return (
    <div>
      <div className="kehu-page-title">
        <h1>{t('contacts.title')}</h1>
        <span style={{ flex: 1 }} />
        {canWrite(user) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} title={t('contacts.newShortcut')}>
            {t('contacts.new')}
          </Button>
        )}
      </div>
      <div className="kehu-toolbar">
        <Input
          ref={search}
          className="kehu-search"
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('contacts.searchPlaceholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="contact-search"
        />
        <Select allowClear placeholder={t('customers.tag')} value={tag} onChange={setTag} style={{ minWidth: 140 }} options={(tags.data ?? []).map((tg) => ({ value: tg.name, label: tg.name }))} />
        <Select value={sort} onChange={setSort} disabled={q !== ''} aria-label={t('customers.sort')} options={SORTS.map((s) => ({ value: s, label: t(`contacts.sorts.${s}`) }))} />
        {/* the list as it is filtered, as the customers page exports its own: for a spreadsheet or a phone's address book */}
        <Dropdown
          trigger={['click']}
          menu={{
            items: (['csv', 'xlsx', 'vcard'] as const).map((format) => ({
              key: format,
              label: <a href={exportUrl('contacts', { q: q || undefined, tag, format })} download>{t(`customers.export_${format}`)}</a>,
            })),
          }}
        >
          <Button icon={<DownloadOutlined />} data-testid="contact-export">{t('customers.export')}</Button>
        </Dropdown>
      </div>
      <Table<ContactShape>
        rowKey="id"
        size="small"
        loading={contacts.isPending}
        dataSource={items}
        pagination={false}
        scroll={wide ? { x: 900 } : undefined}
        data-testid="contact-list"
        locale={{ emptyText: contacts.isError ? contacts.error.message : q ? t('contacts.noMatch') : t('contacts.empty') }}
        columns={([
          { key: 'name', title: t('contacts.name'), width: wide ? 180 : undefined, fixed: wide ? 'left' : undefined, render: (_, c) => <span className="kehu-wrap">{c.name}</span> },
          {
            key: 'customer',
            title: t('contacts.customer'),
            width: wide ? 220 : 120,
            ellipsis: true,
            // a company kept as text (an address book's ORG, imported with onCompany=keep) shows without a link
            render: (_, c) => (c.customerId ? <Link to={`/customers/${c.customerId}`} title={c.customerName ?? undefined}>{c.customerName ?? `#${c.customerId}`}</Link> : (c.organization ?? null)),
          },
          { key: 'title', title: t('contacts.jobTitle'), width: 140, ellipsis: true, dataIndex: 'title' },
          {
            key: 'phone',
            title: wide ? t('contacts.phone') : '',
            width: wide ? 150 : 48,
            render: (_, c) => {
              const phone = primary(c.phones);
              return phone ? <PhoneLink phone={phone} icon={false} compact={!wide} /> : null;
            },
          },
          {
            key: 'email',
            title: t('contacts.email'),
            width: 200,
            ellipsis: true,
            render: (_, c) => {
              const email = primary(c.emails);
              return email ? <a href={`mailto:${email.value}`}>{email.value}</a> : null;
            },
          },
          { key: 'birthday', title: t('contacts.birthday'), width: 120, render: (_, c) => (c.birthday ? formatDate(`${c.birthday}T12:00:00Z`, i18n.language) : null) },
          { key: 'tags', title: t('customers.tags'), width: 160, render: (_, c) => c.tags.slice(0, 3).map((tg) => <Tag key={tg}>{tg}</Tag>) },
          {
            key: 'actions',
            width: wide ? 80 : 40,
            fixed: wide ? 'right' : undefined,
            render: (_, c) => <ContactActions contact={c} editable={access.has(c.id)} compact={!wide} onEdit={() => setEditing(c)} onRemove={() => remove(c)} />,
          },
        ] satisfies ColumnsType<ContactShape>).filter((column) => wide || phoneColumns.has(String(column.key)))}
      />
      {contacts.hasNextPage && (
        <div className="kehu-list-footer">
          <Button onClick={() => void contacts.fetchNextPage()} loading={contacts.isFetchingNextPage}>
            {t('app.loadMore')}
          </Button>
        </div>
      )}
      <ContactFormModal open={creating} onClose={() => setCreating(false)} />
      <ContactFormModal open={editing !== null} contact={editing} onClose={() => setEditing(null)} />
    </div>
  );
}
