import { AppstoreOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Segmented } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate, useLocation } from '../../app/router.tsx';
import { canWrite, useUser } from '../../app/session.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useHotkey } from '../../lib/use-hotkey.ts';
import { useStages } from '../customers/use-lookups.ts';
import { DealBoard } from './DealBoard.tsx';
import { DealFormModal } from './DealFormModal.tsx';
import { DealList } from './DealList.tsx';
import type { DealShape } from './deals-api.ts';
import { useCustomerNames } from './use-customer-names.ts';
import './deals.css';

/** Deals as a pipeline board (drag between stages) or as a list. */
export default function DealsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { search } = useLocation();
  const view = search.get('view') === 'list' ? 'list' : 'board';
  const stages = useStages();
  const [editing, setEditing] = useState<{ deal: DealShape | null; stageId?: number | undefined } | null>(null);
  const name = useCustomerNames([editing?.deal?.customerId]);
  const editable = canWrite(user);
  useHotkey('n', () => setEditing({ deal: null }), editable);

  if (stages.isPending) return <Loading />;
  if (stages.isError) return <ErrorState error={stages.error} onRetry={() => void stages.refetch()} />;

  return (
    <div>
      <div className="kehu-page-title">
        <h1>{t('deals.title')}</h1>
        <Segmented
          value={view}
          onChange={(next) => navigate(next === 'list' ? '/deals?view=list' : '/deals')}
          options={[
            { value: 'board', label: t('deals.board'), icon: <AppstoreOutlined /> },
            { value: 'list', label: t('deals.list'), icon: <UnorderedListOutlined /> },
          ]}
        />
        <span style={{ flex: 1 }} />
        {editable && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ deal: null })} title={t('deals.newShortcut')}>
            {t('deals.new')}
          </Button>
        )}
      </div>
      {stages.data.length === 0 ? (
        <EmptyState description={t('deals.noStages')} />
      ) : view === 'board' ? (
        <DealBoard stages={stages.data} onEdit={(deal, stageId) => setEditing({ deal, stageId })} />
      ) : (
        <DealList stages={stages.data} onEdit={(deal) => editable && setEditing({ deal })} />
      )}
      <DealFormModal
        open={editing !== null}
        deal={editing?.deal ?? null}
        defaultStageId={editing?.stageId}
        customerName={name(editing?.deal?.customerId)}
        onClose={() => setEditing(null)}
      />
    </div>
  );
}
