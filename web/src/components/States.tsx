import { Button, Empty, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../lib/api.ts';

export function Loading({ full = false }: { full?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={full ? 'kehu-full-center' : 'kehu-center'} role="status" aria-live="polite">
      <Spin />
      <span className="kehu-muted">{t('app.loading')}</span>
    </div>
  );
}

/** A failed load: what went wrong and a way out. */
export function ErrorState({ error, onRetry, extra }: { error: unknown; onRetry?: () => void; extra?: ReactNode }) {
  const { t } = useTranslation();
  const offline = isApiError(error) && error.status === 0;
  const detail = offline ? t('app.offline') : error instanceof Error ? error.message : String(error);
  return (
    <Result
      status="warning"
      title={t('app.errorTitle')}
      subTitle={detail}
      extra={
        <>
          {onRetry && <Button onClick={onRetry}>{t('app.retry')}</Button>}
          {extra}
        </>
      }
    />
  );
}

export function EmptyState({ description, children }: { description: ReactNode; children?: ReactNode }) {
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description}>
      {children}
    </Empty>
  );
}
