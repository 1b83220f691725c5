import { GiftOutlined } from '@ant-design/icons';
import { Card, List, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from '../../app/router.tsx';
import { formatDate } from '../../lib/format.ts';
import { useBirthdays } from '../dashboard/dashboard-api.ts';

/** Reminders: contacts whose birthday falls in the coming week. */
export function BirthdaysCard() {
  const { t, i18n } = useTranslation();
  const birthdays = useBirthdays();
  const items = birthdays.data?.items ?? [];
  return (
    <Card size="small" title={<span><GiftOutlined /> {t('tasks.birthdays')}</span>} data-testid="birthdays">
      <List
        size="small"
        loading={birthdays.isPending}
        dataSource={items}
        locale={{ emptyText: birthdays.isError ? birthdays.error.message : t('tasks.noBirthdays') }}
        renderItem={(b) => (
          <List.Item>
            <List.Item.Meta
              title={<span className="kehu-wrap">{b.name}</span>}
              description={
                b.customerId ? (
                  <Link to={`/customers/${b.customerId}`} className="kehu-ellipsis">
                    {b.customerName}
                  </Link>
                ) : null
              }
            />
            <Tag color={b.next.inDays === 0 ? 'magenta' : 'default'}>
              {b.next.inDays === 0 ? t('tasks.today') : b.next.inDays === 1 ? t('tasks.tomorrow') : formatDate(`${b.next.date}T12:00:00Z`, i18n.language)}
            </Tag>
          </List.Item>
        )}
      />
    </Card>
  );
}
