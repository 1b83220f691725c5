import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, request } from './api.ts';
import { putSaved, type ListedEntity } from './cached-records.ts';

interface Versioned {
  id: number;
  version: number;
}

export interface StaleGuard<T> {
  /** the record the form edits: the one it opened with, or the version loaded after a 412 */
  base: T | null;
  /** true when the error was a 412, now shown by `alert` */
  caught: (error: unknown) => boolean;
  /** what the form shows above its fields after a 412: who changed it, and a Reload button */
  alert: ReactNode;
}

/**
 * A form's answer to a stale write (412: someone else saved the record since it was opened).
 * It says so and offers to load their version into the form; nothing of either person is lost
 * silently, and saving again after Reload goes with the version the form now shows.
 */
export function useStaleGuard<T extends Versioned>(entity: ListedEntity, record: T | null | undefined, open: boolean, show: (fresh: T) => void): StaleGuard<T> {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [reloaded, setReloaded] = useState<T | null>(null);
  const [stale, setStale] = useState(false);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    setReloaded(null);
    setStale(false);
  }, [record, open]);
  const base = reloaded ?? record ?? null;
  // Save sits at the foot of a long form: on a phone the warning above the fields would be out of sight.
  const shown = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (stale) shown.current?.scrollIntoView({ block: 'nearest' });
  }, [stale]);

  const reload = async () => {
    if (!base) return;
    setLoading(true);
    try {
      const fresh = await request<T>('GET', `/${entity}/${base.id}`);
      putSaved(client, entity, fresh);
      setReloaded(fresh);
      show(fresh);
      setStale(false);
    } catch (error) {
      void message.error(isApiError(error) && error.status === 404 ? t('records.goneMeanwhile') : error instanceof Error ? error.message : String(error));
    } finally {
      setLoading(false);
    }
  };

  return {
    base,
    caught: (error) => {
      const is412 = isApiError(error) && error.status === 412;
      if (is412) setStale(true);
      return is412;
    },
    alert: stale ? (
      <div ref={shown}>
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="stale-alert"
          title={t('records.staleTitle')}
          description={t('records.staleReload')}
          action={
            <Button size="small" type="primary" loading={loading} onClick={() => void reload()} data-testid="stale-reload">
              {t('app.reload')}
            </Button>
          }
        />
      </div>
    ) : null,
  };
}
