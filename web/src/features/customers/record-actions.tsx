import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button } from 'antd';
import type { ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { canWrite, useUser } from '../../app/session.tsx';
import { api, isApiError } from '../../lib/api.ts';

/**
 * Whether the viewer may change this customer and its contacts, deals, orders, interactions and
 * tasks (the server's write rule: owner, team manager, write share, admin). False while unknown,
 * so buttons the viewer may not use never show; false for no customer (null).
 */
export function useCanEditCustomer(customerId: number | null): boolean {
  const user = useUser();
  const writable = canWrite(user);
  const query = useQuery({ queryKey: ['customers', customerId, 'access'], queryFn: () => api.customers.access(customerId as number), enabled: writable && customerId !== null, staleTime: 60_000 });
  return writable && query.data?.access === 'write';
}

interface Removal {
  /** the question, e.g. 'Delete the call "…"?' */
  title: string;
  remove: () => Promise<unknown>;
  restore: () => Promise<unknown>;
  /** refreshes what showed the record */
  refresh: () => Promise<unknown>;
}

/** Asks, moves a record to the recycle bin, and offers to undo (restore) for a few seconds. */
export function useConfirmRemove() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  return ({ title, remove, restore, refresh }: Removal) =>
    modal.confirm({
      title,
      content: t('records.toRecycleBin'),
      okText: t('app.delete'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-delete' } as ButtonProps,
      cancelText: t('app.cancel'),
      onOk: async () => {
        try {
          await remove();
        } catch (error) {
          void message.error(isApiError(error) && error.status === 412 ? t('records.stale') : error instanceof Error ? error.message : String(error));
          await refresh();
          return;
        }
        await refresh();
        void client.invalidateQueries({ queryKey: ['reports'] });
        const key = `removed-${Date.now()}`;
        const undo = async () => {
          message.destroy(key);
          try {
            await restore();
            void message.success(t('records.restored'));
          } catch (error) {
            void message.error(error instanceof Error ? error.message : String(error));
          }
          await refresh();
        };
        void message.success({
          key,
          duration: 8,
          content: (
            <span>
              {t('records.deleted')}{' '}
              <Button type="link" size="small" onClick={() => void undo()} data-testid="undo-delete">
                {t('records.undo')}
              </Button>
            </span>
          ),
        });
      },
    });
}
