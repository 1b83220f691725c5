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
  /** the column the card is in now (a won deal sits in the Won column whatever its stage) */
  fromColumn: number;
  toStageId: number;
  /** won or lost when the target column holds won or lost deals; open otherwise */
  toStatus: DealShape['status'];
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
    mutationFn: ({ deal, toStageId, toStatus }: Move) => dealsApi.update(deal.id, { stageId: toStageId, status: toStatus }, deal.version),
    onMutate: async ({ deal, fromColumn, toStageId, toStatus }: Move) => {
      const from = boardKey(fromColumn);
      const to = boardKey(toStageId);
      await Promise.all([client.cancelQueries({ queryKey: from }), client.cancelQueries({ queryKey: to })]);
      const before = { from: client.getQueryData<Column>(from), to: client.getQueryData<Column>(to) };
      client.setQueryData<Column>(from, (column) => without(column, deal.id));
      client.setQueryData<Column>(to, (column) => withFirst(column, { ...deal, stageId: toStageId, status: toStatus }));
      return before;
    },
    onError: (error, { deal, fromColumn, toStageId }, before) => {
      if (before) {
        client.setQueryData(boardKey(fromColumn), before.from);
        client.setQueryData(boardKey(toStageId), before.to);
      }
      const stale = isApiError(error) && error.status === 412;
      void message.error({ content: stale ? t('deals.moveStale', { title: deal.title }) : t('deals.moveFailed', { reason: error.message }), duration: 6 });
    },
    onSuccess: (saved, { toStageId }) => {
      client.setQueryData<Column>(boardKey(toStageId), (column) =>
        column && { ...column, pages: column.pages.map((page) => ({ ...page, items: page.items.map((d) => (d.id === saved.id ? saved : d)) })) },
      );
    },
    onSettled: (saved, _error, { deal, fromColumn, toStageId }) => {
      void client.invalidateQueries({ queryKey: ['reports'] });
      void client.invalidateQueries({ queryKey: ['deals', 'list'] });
      void client.invalidateQueries({ queryKey: ['customers', (saved ?? deal).customerId] });
      // Both columns afresh, after a refusal (the card goes back to what the server holds) and after
      // success too: a column still loading when the card moved had that load cancelled by onMutate and
      // would otherwise stay empty, without the moved card, on a slow server.
      void client.invalidateQueries({ queryKey: boardKey(fromColumn) });
      void client.invalidateQueries({ queryKey: boardKey(toStageId) });
    },
  });
}
