import { MoreOutlined, PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Dropdown, Empty, Grid, Spin, Typography } from 'antd';
import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../../app/router.tsx';
import { canWrite, useUser } from '../../app/session.tsx';
import type { PipelineStageShape } from '../../lib/api.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { useWritable } from '../../lib/use-writable.ts';
import { usePipelineTotals } from '../dashboard/dashboard-api.ts';
import { dealsApi, type DealShape } from './deals-api.ts';
import { stageName, stageOutcome } from './stage-names.ts';
import { useCustomerNames } from './use-customer-names.ts';
import { boardKey, useMoveDeal } from './use-move-deal.ts';

const PAGE = 50;

/** The column a deal shows in: the first won (lost) column for a won (lost) deal, its stage's otherwise. */
function columnOf(deal: DealShape, stages: PipelineStageShape[]): number {
  if (deal.status === 'open') return deal.stageId;
  return stages.find((s) => stageOutcome(s) === deal.status)?.id ?? deal.stageId;
}

/** Dropping on the won (lost) column wins (loses) the deal; on any other column it is open there. */
function moveOf(deal: DealShape, toStageId: number, stages: PipelineStageShape[]) {
  const target = stages.find((s) => s.id === toStageId);
  return { deal, fromColumn: columnOf(deal, stages), toStageId, toStatus: (target && stageOutcome(target)) ?? ('open' as const) };
}
const DRAG_TYPE = 'application/x-kehu-deal';

interface CardProps {
  deal: DealShape;
  customerName: string | undefined;
  stages: PipelineStageShape[];
  draggable: boolean;
  onDragStart: (deal: DealShape) => void;
  onMove: (deal: DealShape, stageId: number) => void;
  onEdit: (deal: DealShape) => void;
}

function DealCard({ deal, customerName, stages, draggable, onDragStart, onMove, onEdit }: CardProps) {
  const { t, i18n } = useTranslation();
  const start = (event: DragEvent) => {
    event.dataTransfer.setData(DRAG_TYPE, String(deal.id));
    event.dataTransfer.setData('text/plain', deal.title);
    event.dataTransfer.effectAllowed = 'move';
    onDragStart(deal);
  };
  const here = columnOf(deal, stages);
  const moves = stages.filter((s) => s.id !== here).map((s) => ({ key: `move-${s.id}`, label: t('deals.moveTo', { stage: stageName(s.name, i18n.language) }), onClick: () => onMove(deal, s.id) }));
  return (
    <Card
      size="small"
      className="kehu-deal-card"
      draggable={draggable}
      // a link inside a card drags too: only a card that may move starts a move
      onDragStart={draggable ? start : undefined}
      data-testid="deal-card"
      data-deal-id={deal.id}
      style={{ marginBottom: 8, cursor: draggable ? 'grab' : undefined }}
      styles={{ body: { padding: 10 } }}
    >
      <div style={{ display: 'flex', gap: 4, alignItems: 'flex-start' }}>
        <Typography.Text strong className="kehu-wrap" style={{ flex: 1, minWidth: 0 }}>
          {deal.title}
        </Typography.Text>
        {draggable && (
          <Dropdown trigger={['click']} menu={{ items: [{ key: 'edit', label: t('app.edit'), onClick: () => onEdit(deal) }, ...moves] }}>
            <Button type="text" size="small" icon={<MoreOutlined />} aria-label={t('deals.actions')} />
          </Dropdown>
        )}
      </div>
      <div className="kehu-ellipsis">
        <Link to={`/customers/${deal.customerId}`} title={customerName}>
          {customerName ?? `#${deal.customerId}`}
        </Link>
      </div>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
        <span>{formatMoney(deal.amount, deal.currency, i18n.language)}</span>
        {deal.expectedClose && <span className="kehu-muted">{formatDate(deal.expectedClose, i18n.language)}</span>}
      </div>
    </Card>
  );
}

interface ColumnProps {
  stage: PipelineStageShape;
  stages: PipelineStageShape[];
  summary: { short: string; full: string };
  dragging: DealShape | null;
  editable: boolean;
  onDragStart: (deal: DealShape) => void;
  onDrop: (stageId: number) => void;
  onEdit: (deal: DealShape | null, stageId?: number) => void;
}

function StageColumn({ stage, stages, summary, dragging, editable, onDragStart, onDrop, onEdit }: ColumnProps) {
  const { t, i18n } = useTranslation();
  const move = useMoveDeal();
  const outcome = stageOutcome(stage);
  const name = stageName(stage.name, i18n.language);
  const [over, setOver] = useState(false);
  // On a phone a card does not drag (its ⋮ menu moves it), so an empty column does not ask for it.
  const wide = Grid.useBreakpoint().md !== false;
  const deals = useInfiniteQuery({
    queryKey: boardKey(stage.id),
    // Won and lost deals belong to the 100 % and 0 % columns whatever stage they were closed in.
    queryFn: ({ pageParam }) => dealsApi.list({ ...(outcome ? { status: outcome } : { stageId: stage.id, status: 'open' }), sort: '-createdAt', limit: PAGE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = deals.data?.pages.flatMap((p) => p.items) ?? [];
  // A deal of a customer shared read-only (or not the viewer's) has no menu and does not drag.
  const writable = useWritable('deals', deals.data?.pages.map((p) => p.items.map((d) => d.id)) ?? [], dealsApi.access);
  const customerName = useCustomerNames(items.map((d) => d.customerId));
  const canDrop = editable && dragging !== null && columnOf(dragging, stages) !== stage.id;

  return (
    <section
      className={`kehu-board-column${over && canDrop ? ' kehu-board-over' : ''}`}
      data-testid="stage-column"
      data-stage-id={stage.id}
      aria-label={name}
      data-outcome={outcome ?? 'open'}
      onDragOver={(event) => {
        if (!canDrop) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        if (canDrop) onDrop(stage.id);
      }}
    >
      <header className="kehu-board-head">
        <div style={{ display: 'flex', alignItems: 'center', gap: 4 }}>
          <Typography.Text strong className="kehu-ellipsis" style={{ flex: 1 }} title={stage.name}>
            {name}
          </Typography.Text>
          <span className="kehu-muted">{stage.probability}%</span>
          {editable && <Button type="text" size="small" icon={<PlusOutlined />} onClick={() => onEdit(null, stage.id)} aria-label={t('deals.new')} />}
        </div>
        <div className="kehu-muted kehu-wrap" data-testid="stage-summary" style={{ fontSize: 12 }} title={summary.full}>
          {summary.short}
        </div>
      </header>
      <div className="kehu-board-cards">
        {deals.isPending && <Spin style={{ display: 'block', margin: 16 }} />}
        {deals.isError && <Typography.Text type="danger">{deals.error.message}</Typography.Text>}
        {deals.isSuccess && items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={editable && wide ? t('deals.dropHere') : t('deals.noDeals')} />}
        {items.map((deal) => (
          <DealCard
            key={deal.id}
            deal={deal}
            customerName={customerName(deal.customerId)}
            stages={stages}
            draggable={editable && writable.has(deal.id)}
            onDragStart={onDragStart}
            onMove={(d, stageId) => move.mutate(moveOf(d, stageId, stages))}
            onEdit={onEdit}
          />
        ))}
        {deals.hasNextPage && (
          <Button block size="small" onClick={() => void deals.fetchNextPage()} loading={deals.isFetchingNextPage}>
            {t('app.loadMore')}
          </Button>
        )}
      </div>
    </section>
  );
}

/** The pipeline board: a column per stage with its open deals; drag a card to move the deal. */
export function DealBoard({ stages, onEdit }: { stages: PipelineStageShape[]; onEdit: (deal: DealShape | null, stageId?: number) => void }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const editable = canWrite(user);
  const move = useMoveDeal();
  const totals = usePipelineTotals();
  const dragging = useRef<DealShape | null>(null);
  const [active, setActive] = useState<DealShape | null>(null);

  const summaryOf = (stageId: number) => {
    const report = totals.data?.find((s) => s.stageId === stageId);
    if (!report) return { short: '', full: '' };
    // the two currencies with most deals, all of them in the tooltip
    const all = report.amounts.map((a) => formatMoney(a.amount, a.currency, i18n.language));
    const amounts = all.length > 2 ? `${all.slice(0, 2).join(' + ')} + …` : all.join(' + ');
    return { short: [t('dashboard.dealCount', { count: report.count }), amounts].filter(Boolean).join(' · '), full: all.join(' + ') };
  };

  return (
    <div className="kehu-board" onDragEnd={() => setActive(null)} data-testid="deal-board">
      {stages.map((stage) => (
        <StageColumn
          key={stage.id}
          stage={stage}
          stages={stages}
          summary={summaryOf(stage.id)}
          dragging={active}
          editable={editable}
          onDragStart={(deal) => {
            dragging.current = deal;
            setActive(deal);
          }}
          onDrop={(stageId) => {
            const deal = dragging.current;
            dragging.current = null;
            setActive(null);
            if (deal && columnOf(deal, stages) !== stageId) move.mutate(moveOf(deal, stageId, stages));
          }}
          onEdit={onEdit}
        />
      ))}
    </div>
  );
}
