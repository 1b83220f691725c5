import { DeleteOutlined, EditOutlined, MailOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { api, type ContactShape } from '../../lib/api.ts';
import { ContactFormModal } from '../contacts/ContactFormModal.tsx';
import { contactsApi } from '../contacts/contacts-api.ts';
import { PhoneLink } from './PhoneLink.tsx';
import { useCanEditCustomer, useConfirmRemove } from './record-actions.tsx';

/** What else the contact's card says: nickname, department, role, birthday, address and website, on one line. */
function ContactDetails({ contact }: { contact: ContactShape }) {
  const { t } = useTranslation();
  const birthday = contact.birthday?.startsWith('--') ? t('customers.birthdayNoYear', { date: contact.birthday.slice(2) }) : contact.birthday;
  const place = [contact.address, contact.city, contact.province, contact.postcode, contact.country].filter(Boolean).join(', ');
  const parts = [
    contact.nickname && t('contacts.detail', { label: t('contacts.fields.nickname'), value: contact.nickname }),
    contact.department && t('contacts.detail', { label: t('contacts.fields.department'), value: contact.department }),
    contact.role && t('contacts.detail', { label: t('contacts.fields.role'), value: contact.role }),
    birthday && t('contacts.detail', { label: t('contacts.birthday'), value: birthday }),
    place,
  ].filter(Boolean);
  if (parts.length === 0 && !contact.website) return null;
  return (
    <div className="kehu-timeline-meta kehu-wrap" data-testid="contact-details">
      {parts.join(' · ')}
      {contact.website && (
        <>
          {parts.length > 0 && ' · '}
          {contact.website.split(';').map((site) => site.trim()).filter(Boolean).map((site, i) => (
            <a key={site} href={/^https?:\/\//i.test(site) ? site : `https://${site}`} target="_blank" rel="noreferrer">
              {i > 0 && ' '}{site}
            </a>
          ))}
        </>
      )}
    </div>
  );
}

/** The customer's contact people with click-to-call and mail links; add, edit and delete where the viewer may. */
export function ContactsCard({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const editable = useCanEditCustomer(customerId);
  const confirmRemove = useConfirmRemove();
  const [editing, setEditing] = useState<ContactShape | null | 'new'>(null);
  const query = useQuery({ queryKey: ['customers', customerId, 'contacts'], queryFn: () => api.customers.contacts(customerId) });
  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: ['customers', customerId] }), client.invalidateQueries({ queryKey: ['contacts'] })]);
  const remove = (contact: ContactShape) =>
    confirmRemove({
      title: t('records.confirmDeleteContact', { name: contact.name }),
      remove: () => contactsApi.remove(contact.id, contact.version),
      restore: () => contactsApi.restore(contact.id),
      refresh,
    });

  return (
    <Card
      title={t('customer.contacts')}
      size="small"
      data-testid="contacts-card"
      extra={editable && <Button type="link" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="add-contact">{t('records.addContact')}</Button>}
    >
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <EmptyState description={t('customer.noContacts')} />
      ) : (
        <List
          size="small"
          dataSource={query.data.items}
          renderItem={(contact) => (
            <List.Item
              data-testid="contact-item"
              actions={
                editable
                  ? [
                      <Button key="edit" type="text" size="small" icon={<EditOutlined />} onClick={() => setEditing(contact)} aria-label={`${t('app.edit')} ${contact.name}`} />,
                      <Button key="delete" type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(contact)} aria-label={`${t('app.delete')} ${contact.name}`} />,
                    ]
                  : []
              }
            >
              <div style={{ minWidth: 0, width: '100%' }}>
                <Typography.Text strong className="kehu-wrap">{contact.name}</Typography.Text>
                {contact.title && <span className="kehu-muted"> · {contact.title}</span>}
                <ContactDetails contact={contact} />
                <Space size={[12, 0]} wrap style={{ display: 'flex' }}>
                  {contact.phones.map((p) => (
                    <PhoneLink key={p.value} phone={p} />
                  ))}
                  {contact.emails.map((p) => (
                    <a key={p.value} href={`mailto:${p.value}`} className="kehu-wrap">
                      <MailOutlined /> {p.value}
                    </a>
                  ))}
                </Space>
              </div>
            </List.Item>
          )}
        />
      )}
      <ContactFormModal open={editing !== null} contact={editing === 'new' ? null : editing} customerId={customerId} onClose={() => setEditing(null)} />
    </Card>
  );
}
