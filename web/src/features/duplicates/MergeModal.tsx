import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Radio, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayPhone } from '../../../../src/domain/phone-display.ts';
import { isApiError, type ContactShape, type CustomerShape } from '../../lib/api.ts';
import { valueName } from '../../lib/domain-values.ts';
import { formatDate } from '../../lib/format.ts';
import { useWorkspaceRegion } from '../customers/PhoneLink.tsx';
import { useOwnerName } from '../customers/use-lookups.ts';
import { duplicatesApi, type Entity, type MergeRecord, type MergeShape } from './duplicates-api.ts';

/** The two records to merge (a stored pair fits); `survivorId` picks the one that stays by default (else the older). */
export interface MergeTarget {
  entity: Entity;
  a: { id: number };
  b: { id: number };
  survivorId?: number;
}

type Side = 'survivor' | 'merged';
const CUSTOMER_FIELDS = ['kind', 'name', 'stage', 'level', 'source', 'industry', 'ownerId', 'country', 'province', 'city', 'address', 'website', 'notes'] as const;
const CONTACT_FIELDS = ['name', 'customerId', 'title', 'gender', 'birthday', 'notes'] as const;
/** Stored codes shown by their name in the reader's language. */
const NAMED = { stage: 'stages', kind: 'kinds', level: 'levels', source: 'sources', industry: 'industries', country: 'countries', gender: 'genders' } as const;
/** Both records' phones and e-mails are kept: shown for comparison, not chosen. */
const UNION_FIELDS = ['phones', 'emails'] as const;

/** Undo a merge from a message's button; offers to force it when the survivor changed since. */
export function useUndoMerge() {
  const client = useQueryClient();
  const { message, modal } = App.useApp();
  const { t } = useTranslation();
  const undo = useMutation({
    mutationFn: ({ id, force }: { id: number; force?: boolean }) => duplicatesApi.undo(id, force),
    onSuccess: () => {
      void message.success(t('duplicates.undone'));
      void client.invalidateQueries();
    },
    onError: (error, { id }) => {
      if (isApiError(error) && error.status === 409) {
        modal.confirm({ title: t('duplicates.undoConflict'), content: error.message, okText: t('duplicates.undoAnyway'), okButtonProps: { danger: true }, onOk: () => undo.mutate({ id, force: true }) });
      } else void message.error(error.message);
    },
  });
  return undo;
}

/**
 * Merges the two records of a pair field by field: pick the record that stays, then for every
 * field that differs which value to keep. Phones, e-mails and tags of both are kept.
 */
export function MergeModal({ pair, onClose, onMerged }: { pair: MergeTarget | null; onClose: () => void; onMerged?: (merge: MergeShape) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const ownerName = useOwnerName();
  const region = useWorkspaceRegion();
  const undo = useUndoMerge();
  const [survivorId, setSurvivorId] = useState<number | null>(null);
  const [choices, setChoices] = useState<Record<string, Side>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const entity = pair?.entity ?? 'customers';
  const [a, b] = useQueries({
    queries: [pair?.a.id, pair?.b.id].map((id) => ({
      queryKey: ['merge-record', entity, id],
      queryFn: () => duplicatesApi.record(entity, id as number),
      enabled: pair !== null,
      staleTime: 0,
    })),
  });

  useEffect(() => {
    setSurvivorId(pair ? (pair.survivorId ?? Math.min(pair.a.id, pair.b.id)) : null);
    setChoices({});
    setProblem(null);
  }, [pair]);

  const records = [a?.data, b?.data].filter((r): r is MergeRecord => r !== undefined);
  const survivor = records.find((r) => r.id === survivorId);
  const merged = records.find((r) => r.id !== survivorId);
  const fields: readonly string[] = entity === 'customers' ? CUSTOMER_FIELDS : CONTACT_FIELDS;
  const valueOf = (record: MergeRecord | undefined, field: string): string => {
    if (!record) return '';
    const value = (record as unknown as Record<string, unknown>)[field];
    if (value === null || value === undefined || value === '') return '';
    if (field === 'ownerId') return ownerName(value as number);
    if (field === 'customerId') return (record as ContactShape).customerName ?? `#${String(value)}`;
    if (field in NAMED) return valueName(NAMED[field as keyof typeof NAMED], String(value));
    if (field === 'birthday') return formatDate(`${String(value)}T12:00:00Z`, i18n.language);
    if (field === 'phones') return (value as CustomerShape['phones']).map((p) => displayPhone(p.value, region)).join(', ');
    if (field === 'emails') return (value as CustomerShape['emails']).map((p) => p.value).join(', ');
    return String(value);
  };
  const differing = fields.filter((f) => valueOf(survivor, f) !== valueOf(merged, f));
  const chosen = (field: string): Side => choices[field] ?? (valueOf(survivor, field) === '' ? 'merged' : 'survivor');

  const merge = useMutation({
    mutationFn: () =>
      duplicatesApi.merge({
        entity,
        survivorId: survivor!.id,
        mergedId: merged!.id,
        fields: Object.fromEntries(differing.map((f) => [f, chosen(f)])),
        expectedVersions: { survivor: survivor!.version, merged: merged!.version },
      }),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: ['duplicates'] });
      void client.invalidateQueries({ queryKey: ['customers'] });
      const key = `merge-${result.id}`;
      void message.success({
        key,
        duration: 10,
        content: (
          <span>
            {t('duplicates.merged')}{' '}
            <Button size="small" type="link" onClick={() => { message.destroy(key); undo.mutate({ id: result.id }); }}>
              {t('duplicates.undo')}
            </Button>
          </span>
        ),
      });
      onClose();
      onMerged?.(result);
    },
    onError: (error) => setProblem(isApiError(error) && error.status === 412 ? t('duplicates.stale') : error.message),
  });

  const loading = a?.isPending || b?.isPending;
  const failed = a?.error ?? b?.error;
  return (
    <Modal
      open={pair !== null}
      title={t('duplicates.mergeTitle')}
      width={760}
      onCancel={onClose}
      onOk={() => merge.mutate()}
      okText={t('duplicates.merge')}
      okButtonProps={{ disabled: !survivor || !merged, danger: true }}
      confirmLoading={merge.isPending}
      destroyOnHidden
    >
      {problem && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problem} />}
      {failed && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={failed.message} />}
      <Typography.Paragraph type="secondary">{t('duplicates.mergeIntro')}</Typography.Paragraph>
      <div style={{ marginBottom: 12 }}>
        <Typography.Text strong>{t('duplicates.keep')}</Typography.Text>{' '}
        <Radio.Group value={survivorId} onChange={(e) => setSurvivorId(e.target.value as number)} optionType="button">
          {records.map((r) => (
            <Radio.Button key={r.id} value={r.id} style={{ maxWidth: 320 }}>
              <span className="kehu-ellipsis">{r.name} (#{r.id})</span>
            </Radio.Button>
          ))}
        </Radio.Group>
      </div>
      <Table
        size="small"
        loading={loading}
        pagination={false}
        rowKey="field"
        data-testid="merge-fields"
        dataSource={[...fields, ...UNION_FIELDS].map((field) => ({ field }))}
        scroll={{ x: 600 }}
        columns={[
          { key: 'field', title: t('duplicates.field'), width: 110, render: (_, { field }) => t(`duplicates.fields.${field as 'name'}`) },
          ...(['survivor', 'merged'] as const).map((side) => ({
            key: side,
            title: side === 'survivor' ? t('duplicates.kept') : t('duplicates.mergedAway'),
            render: (_: unknown, { field }: { field: string }) => {
              const value = valueOf(side === 'survivor' ? survivor : merged, field);
              if (!differing.includes(field)) return <span className="kehu-wrap" data-testid={`merge-${field}-${side}`}>{value}</span>;
              return (
                <Radio checked={chosen(field) === side} onChange={() => setChoices((c) => ({ ...c, [field]: side }))} className="kehu-wrap" data-testid={`choose-${field}-${side}`}>
                  {value || <span className="kehu-muted">{t('app.none')}</span>}
                </Radio>
              );
            },
          })),
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('duplicates.unionNote')}
      </Typography.Paragraph>
    </Modal>
  );
}
