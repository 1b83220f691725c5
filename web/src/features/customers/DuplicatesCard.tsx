import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, List, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DuplicateCandidateShape } from '../../../../src/domain/duplicate.ts';
import { reasonsIn } from '../../../../src/domain/duplicate-reasons.ts';
import { displayPhone } from '../../../../src/domain/phone-display.ts';
import { currentLanguage } from '../../app/i18n/index.ts';
import { Link, navigate } from '../../app/router.tsx';
import { canWrite, useUser } from '../../app/session.tsx';
import { request } from '../../lib/api.ts';
import { MergeModal, type MergeTarget } from '../duplicates/MergeModal.tsx';
import { useWorkspaceRegion } from './PhoneLink.tsx';

const candidatesOf = (id: number) => request<{ items: DuplicateCandidateShape[] }>('GET', `/customers/${id}/duplicates`);

/**
 * Customers that are probably the same as this one, computed when the page opens, each with its
 * score and reasons and a way into the field-by-field merge (this customer stays by default).
 * Shown only to roles that may write, and only when there is something to suggest.
 */
export function DuplicatesCard({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const user = useUser();
  const writable = canWrite(user);
  const region = useWorkspaceRegion();
  const [reviewing, setReviewing] = useState<MergeTarget | null>(null);
  const query = useQuery({ queryKey: ['customers', customerId, 'duplicates'], queryFn: () => candidatesOf(customerId), enabled: writable });

  if (!writable) return null;
  const title = t('customer.duplicates.title');
  // Kept mounted whatever the list shows: after a merge the list empties, and the undo in the
  // merge's message still needs the dialog's mutation.
  const modal = (
    <MergeModal
      pair={reviewing}
      onClose={() => setReviewing(null)}
      onMerged={(merge) => {
        // The customer on screen was merged away: follow it to the one that stayed.
        if (merge.survivorId !== customerId) navigate(`/customers/${merge.survivorId}`);
      }}
    />
  );
  const items = query.data?.items ?? [];
  let card = null;
  if (query.isError) {
    card = (
      <Card title={title} size="small" data-testid="customer-duplicates">
        <Alert
          type="warning"
          showIcon
          title={t('customer.duplicates.failed', { reason: query.error.message })}
          action={<Button size="small" onClick={() => void query.refetch()}>{t('app.retry')}</Button>}
        />
      </Card>
    );
  } else if (items.length > 0) {
    // While loading nothing shows: most customers have no duplicate, and a card would only flicker.
    card = (
      <Card title={title} size="small" data-testid="customer-duplicates">
        <List
          dataSource={items}
          renderItem={(candidate) => (
            <List.Item data-testid="duplicate-candidate">
              <div style={{ width: '100%', minWidth: 0 }}>
                <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}>
                  <Link to={`/customers/${candidate.customer.id}`} data-testid="duplicate-candidate-link">
                    {candidate.customer.name}
                  </Link>
                  <span className="kehu-muted">#{candidate.customer.id}</span>
                  <Tag color="orange" data-testid="duplicate-score">
                    {t('customer.duplicates.score', { percent: Math.round(candidate.score * 100) })}
                  </Tag>
                  <span style={{ flex: 1 }} />
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => setReviewing({ entity: 'customers', a: { id: customerId }, b: { id: candidate.customer.id }, survivorId: customerId })}
                    data-testid="duplicate-review"
                  >
                    {t('duplicates.review')}
                  </Button>
                </div>
                {(candidate.customer.city || candidate.customer.phones.length > 0 || candidate.customer.emails.length > 0) && (
                  <div className="kehu-timeline-meta kehu-wrap">{[candidate.customer.city, ...candidate.customer.phones.map((phone) => displayPhone(phone, region)), ...candidate.customer.emails].filter(Boolean).join(' · ')}</div>
                )}
                <Space size={4} wrap style={{ marginTop: 4 }}>
                  {reasonsIn(candidate, currentLanguage()).map((reason) => (
                    <Tag key={reason} className="kehu-wrap" style={{ whiteSpace: 'normal' }} data-testid="duplicate-reason">
                      {reason}
                    </Tag>
                  ))}
                </Space>
              </div>
            </List.Item>
          )}
        />
      </Card>
    );
  }
  return (
    <>
      {card}
      {modal}
    </>
  );
}
