import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { putSavedUnder } from '../../lib/cached-records.ts';

/** Explains a refused change in one line: the field the server named, or its message. */
export function problemText(error: unknown, staleText: string): string {
  if (!isApiError(error)) return error instanceof Error ? error.message : String(error);
  if (error.status === 412) return staleText;
  const first = error.errors[0];
  return first ? `${first.field}: ${first.message}` : error.message;
}

/** A change from an admin table: a message either way (none on success for `success: null`, where the page says it), the answered record in the table at once, then the table reloads. */
export function useAdminMutation<V, R>(fn: (variables: V) => Promise<R>, queryKey: readonly unknown[], success?: string | null) {
  const client = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: fn,
    onSuccess: (answer) => {
      putSavedUnder(client, queryKey, answer);
      if (success !== null) void message.success(success ?? t('app.saved'));
    },
    onError: (error) => void message.error({ content: problemText(error, t('admin.stale')), duration: 6 }),
    onSettled: () => void client.invalidateQueries({ queryKey }),
  });
}
