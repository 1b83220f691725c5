import { MailOutlined, PhoneOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { api } from '../../lib/api.ts';

/** The customer's contact people with click-to-call and mail links. */
export function ContactsCard({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['customers', customerId, 'contacts'], queryFn: () => api.customers.contacts(customerId) });
  return (
    <Card title={t('customer.contacts')} size="small">
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
            <List.Item>
              <div style={{ minWidth: 0, width: '100%' }}>
                <Typography.Text strong className="kehu-wrap">{contact.name}</Typography.Text>
                {contact.title && <span className="kehu-muted"> · {contact.title}</span>}
                <Space size={[12, 0]} wrap style={{ display: 'flex' }}>
                  {contact.phones.map((p) => (
                    <a key={p.value} href={`tel:${p.value}`} aria-label={`${t('customer.call')} ${p.raw.normalize('NFKC')}`}>
                      <PhoneOutlined /> {p.raw.normalize('NFKC')}
                    </a>
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
    </Card>
  );
}
