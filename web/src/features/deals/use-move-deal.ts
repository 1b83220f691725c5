import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import type { PageOf } from '../../../../src/domain/record.ts';
import { dealsApi, type DealShape } from './deals-api.ts';

type Column = InfiniteData<PageOf<DealShape>>;

export const boardKey = (stageId: number) => ['deals', 'board', stageId] as const;

const without = (column: Column | undefined, id: number): Column | undefined =>
  column && { ...column, pages: column.pages.map((page) => ({ ...page, items: page.items.filter((d) => d.id !== id) })) };

const withFirst = (column: Column | undefined, deal: DealShape): Column | undefined =>
  column && { ...column, pages: column.pages.map((page, i) => (i === 0 ? { ...page, items: [deal, ...page.items.filter((d) => d.id !== deal.id)] } : page)) };

interface Move {
  deal: DealShape;
  toStageId: number;
}

/**
 * Moves a deal to another stage at once on the board, then asks the server (If-Match on the
 * deal's version). If the server refuses, the card goes back and a message says why; a 412
 * means someone else changed the deal meanwhile.
 */
export function useMoveDeal() {
  const client = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: ({ deal, toStageId }: Move) => dealsApi.update(deal.id, { stageId: toStageId }, deal.version),
    onMutate: async ({ deal, toStageId }: Move) => {
      const from = boardKey(deal.stageId);
      const to = boardKey(toStageId);
      await Promise.all([client.cancelQueries({ queryKey: from }), client.cancelQueries({ queryKey: to })]);
      const before = { from: client.getQueryData<Column>(from), to: client.getQueryData<Column>(to) };
      client.setQueryData<Column>(from, (column) => without(column, deal.id));
      client.setQueryData<Column>(to, (column) => withFirst(column, { ...deal, stageId: toStageId }));
      return before;
    },
    onError: (error, { deal, toStageId }, before) => {
      if (before) {
        client.setQueryData(boardKey(deal.stageId), before.from);
        client.setQueryData(boardKey(toStageId), before.to);
      }
      const stale = isApiError(error) && error.status === 412;
      void message.error({ content: stale ? t('deals.moveStale', { title: deal.title }) : t('deals.moveFailed', { reason: error.message }), duration: 6 });
    },
    onSuccess: (saved) => {
      client.setQueryData<Column>(boardKey(saved.stageId), (column) =>
        column && { ...column, pages: column.pages.map((page) => ({ ...page, items: page.items.map((d) => (d.id === saved.id ? saved : d)) })) },
      );
    },
    onSettled: (_saved, error, { deal, toStageId }) => {
      void client.invalidateQueries({ queryKey: ['reports'] });
      void client.invalidateQueries({ queryKey: ['deals', 'list'] });
      // after a refusal, fetch both columns afresh so the card shows what the server holds now
      if (error) {
        void client.invalidateQueries({ queryKey: boardKey(deal.stageId) });
        void client.invalidateQueries({ queryKey: boardKey(toStageId) });
      }
    },
  });
}
