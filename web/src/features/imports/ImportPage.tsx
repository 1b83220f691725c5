import { InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Descriptions, List, Radio, Select, Space, Statistic, Steps, Table, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canWrite, useUser } from '../../app/session.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { adminApi } from '../admin/admin-api.ts';
import { InvalidValueChoice, LeftOutColumns, type OnInvalidValue } from './ImportChoices.tsx';
import { ImportJobCard, RowErrors, StatusTag } from './ImportJobCard.tsx';
import { IMPORT_FIELDS, IMPORT_TYPES, importsApi, MATCH_KEYS, ON_COMPANY, ON_DUPLICATE, type ColumnMap, type ImportForm, type ImportPreviewShape, type ImportReportShape, type ImportType } from './imports-api.ts';

const ENCODINGS = ['utf-8', 'gb18030', 'big5', 'utf-16le', 'windows-1252'];
const CUSTOM_ENTITY: Partial<Record<ImportType, string>> = { customers: 'customer', contacts: 'contact', orders: 'order' };
const IGNORE = '';
/** The server's default match keys per type (src/domain/import-mapping.ts DEFAULT_MATCH_ON). */
const DEFAULT_MATCH_ON: Record<ImportType, string[]> = { customers: ['externalId', 'email', 'phone'], contacts: ['externalId', 'email', 'phone'], orders: ['externalId'], interactions: [] };

/** Which field each column of the file fills; "ignore" leaves a column out. */
function MappingTable({ preview, type, columns, onChange }: { preview: ImportPreviewShape; type: ImportType; columns: ColumnMap; onChange: (columns: ColumnMap) => void }) {
  const { t } = useTranslation();
  const fields = useQuery({ queryKey: ['admin', 'custom-fields'], queryFn: adminApi.customFields.list, staleTime: 60_000 });
  const custom = (fields.data?.items ?? []).filter((f) => f.entity === CUSTOM_ENTITY[type]);
  const options = [
    { value: IGNORE, label: t('imports.ignore') },
    ...IMPORT_FIELDS[type].map((f) => ({ value: f, label: t(`imports.fields.${f}` as 'imports.fields.name', { defaultValue: f }) })),
    ...custom.map((f) => ({ value: `custom:${f.key}`, label: `${f.label} (custom:${f.key})` })),
    // the custom fields an admin may keep the left-out columns in, made with the import
    ...preview.leftOut.filter((l) => !custom.some((f) => f.key === l.key)).map((l) => ({ value: `custom:${l.key}`, label: t('imports.leftOut.newField', { key: l.key }) })),
  ];
  return (
    <Table
      size="small"
      rowKey="header"
      pagination={false}
      scroll={{ x: 600 }}
      data-testid="mapping"
      dataSource={preview.headers.map((header, index) => ({ header, index }))}
      columns={[
        { key: 'header', title: t('imports.column'), width: 180, render: (_, r) => <strong className="kehu-wrap">{r.header}</strong> },
        {
          key: 'field',
          title: t('imports.fillsField'),
          width: 220,
          render: (_, r) => (
            <Select
              style={{ width: 200 }}
              showSearch={{ optionFilterProp: 'label' }}
              value={columns[r.header] ?? IGNORE}
              options={options}
              onChange={(value: string) => onChange({ ...columns, [r.header]: value === IGNORE ? null : value })}
              aria-label={r.header}
              data-testid={`map-${r.header}`}
            />
          ),
        },
        {
          key: 'sample',
          title: t('imports.sample'),
          render: (_, r) => (
            <span className="kehu-muted kehu-wrap">
              {preview.firstRows
                .slice(0, 3)
                .map((row) => row[r.index] ?? '')
                .filter(Boolean)
                .join(' · ')}
            </span>
          ),
        },
      ]}
    />
  );
}

function Counts({ counts }: { counts: ImportReportShape['counts'] }) {
  const { t } = useTranslation();
  return (
    <Space size="large" wrap data-testid="dry-run-counts">
      <Statistic title={t('imports.wouldCreate')} value={counts.created} />
      <Statistic title={t('imports.wouldUpdate')} value={counts.updated} />
      <Statistic title={t('imports.skipped')} value={counts.skipped} />
      <Statistic title={t('imports.invalid')} value={counts.invalid} styles={{ content: { color: counts.invalid > 0 ? '#cf1322' : undefined } }} />
    </Space>
  );
}

function RecentImports({ onOpen }: { onOpen: (id: number) => void }) {
  const { t, i18n } = useTranslation();
  const imports = useQuery({ queryKey: ['imports', 'recent'], queryFn: importsApi.list });
  const items = imports.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card size="small" title={t('imports.recent')} style={{ marginTop: 16 }}>
      <List
        size="small"
        dataSource={items}
        renderItem={(job) => (
          <List.Item actions={[<Button key="open" size="small" onClick={() => onOpen(job.id)}>{t('imports.open')}</Button>]}>
            <span className="kehu-wrap" style={{ flex: 1, minWidth: 0 }}>
              {job.fileName} <StatusTag status={job.status} />
              <span className="kehu-timeline-meta">
                {formatDateTime(job.createdAt, i18n.language)} · {t('imports.summary', { created: job.counts.created, updated: job.counts.updated, invalid: job.counts.invalid })}
              </span>
            </span>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** Upload, check the guessed mapping, dry-run, import with progress, download the errors, revert. */
export default function ImportPage() {
  const { t } = useTranslation();
  const user = useUser();
  const client = useQueryClient();
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [type, setType] = useState<ImportType>('customers');
  const [encoding, setEncoding] = useState<string | undefined>();
  const [sheet, setSheet] = useState<string | undefined>();
  const [columns, setColumns] = useState<ColumnMap>({});
  const [onDuplicate, setOnDuplicate] = useState<(typeof ON_DUPLICATE)[number]>('skip');
  const [updateMode, setUpdateMode] = useState<'fill' | 'overwrite'>('fill');
  const [onCompany, setOnCompany] = useState<(typeof ON_COMPANY)[number]>('link');
  // null: the server's default for the type
  const [matchOn, setMatchOn] = useState<string[] | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const [onInvalidValue, setOnInvalidValue] = useState<OnInvalidValue>('skip-row');
  const [keepLeftOut, setKeepLeftOut] = useState(false);

  const form = useMemo<ImportForm | null>(
    () => (file ? { file, type, encoding, sheet, columns, onDuplicate, updateMode, matchOn: matchOn ?? undefined, createCustomFields: keepLeftOut, onInvalidValue, onCompany } : null),
    [file, type, encoding, sheet, columns, onDuplicate, updateMode, matchOn, keepLeftOut, onInvalidValue, onCompany],
  );
  const preview = useMutation({
    mutationFn: (input: ImportForm) => importsApi.preview(client, { ...input, columns: undefined }),
    onSuccess: (result) => {
      setColumns(result.mapping);
      setKeepLeftOut(false);
      setType(result.type);
      setStep(1);
    },
  });
  const dryRun = useMutation({ mutationFn: (input: ImportForm) => importsApi.dryRun(client, input), onSuccess: () => setStep(2) });
  const start = useMutation({
    mutationFn: (input: ImportForm) => importsApi.start(client, input),
    onSuccess: (job) => {
      setJobId(job.id);
      setStep(3);
      void client.invalidateQueries({ queryKey: ['imports', 'recent'] });
    },
  });
  const reset = () => {
    setStep(0);
    setFile(null);
    setEncoding(undefined);
    setSheet(undefined);
    setJobId(null);
    setMatchOn(null);
    setOnInvalidValue('skip-row');
    setKeepLeftOut(false);
    preview.reset();
    dryRun.reset();
    start.reset();
  };
  const p = preview.data;
  const mapped = Object.values(columns).filter(Boolean).length;

  if (!canWrite(user)) return <Alert type="info" showIcon title={t('imports.readOnly')} />;

  return (
    <div>
      <div className="kehu-page-title">
        <h1>{t('imports.title')}</h1>
        <span style={{ flex: 1 }} />
        {step > 0 && <Button onClick={reset}>{t('imports.startOver')}</Button>}
      </div>
      <Steps current={step} size="small" style={{ marginBottom: 16 }} items={['file', 'mapping', 'check', 'import'].map((s) => ({ title: t(`imports.steps.${s}` as 'imports.steps.file') }))} />

      {step === 0 && (
        <Card>
          <Space orientation="vertical" style={{ width: '100%' }} size="middle">
            <div>
              <Typography.Text strong>{t('imports.what')}</Typography.Text>{' '}
              <Radio.Group value={type} onChange={(e) => setType(e.target.value as ImportType)} optionType="button" options={IMPORT_TYPES.map((ty) => ({ value: ty, label: t(`imports.types.${ty}`) }))} />
            </div>
            <Upload.Dragger
              accept=".csv,.txt,.tsv,.xlsx,.vcf"
              maxCount={1}
              beforeUpload={(chosen) => {
                setFile(chosen);
                // an address book is people: a vCard file imports as contacts unless the user picks otherwise
                if (/\.(vcf|vcard)$/i.test(chosen.name)) setType('contacts');
                return false;
              }}
              onRemove={() => setFile(null)}
              fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
              data-testid="import-file"
            >
              <p className="ant-upload-drag-icon"><InboxOutlined /></p>
              <p>{t('imports.drop')}</p>
              <p className="kehu-muted">{t('imports.formats')}</p>
            </Upload.Dragger>
            {preview.error && <Alert type="error" showIcon title={preview.error.message} />}
            <Button type="primary" disabled={!form} loading={preview.isPending} onClick={() => form && preview.mutate(form)} data-testid="import-next">
              {t('imports.next')}
            </Button>
          </Space>
        </Card>
      )}

      {step === 1 && p && form && (
        <Card>
          <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('imports.format')}>{p.format.toUpperCase()}</Descriptions.Item>
            {p.encoding !== null && (
              <Descriptions.Item label={t('imports.encoding')}>
                <Select
                  size="small"
                  style={{ width: 140 }}
                  value={encoding ?? p.encoding}
                  options={[...new Set([p.encoding, ...ENCODINGS])].map((e) => ({ value: e, label: e }))}
                  onChange={(value: string) => {
                    setEncoding(value);
                    preview.mutate({ ...form, encoding: value });
                  }}
                  data-testid="encoding"
                />
              </Descriptions.Item>
            )}
            {p.sheets.length > 1 && (
              <Descriptions.Item label={t('imports.sheet')}>
                <Select size="small" style={{ width: 140 }} value={sheet ?? p.sheet ?? undefined} options={p.sheets.map((s) => ({ value: s, label: s }))} onChange={(value: string) => { setSheet(value); preview.mutate({ ...form, sheet: value }); }} />
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('imports.type')}>{t(`imports.types.${p.type}`)}</Descriptions.Item>
            {p.preset && <Descriptions.Item label={t('imports.preset')}>{p.preset}</Descriptions.Item>}
          </Descriptions>
          {p.problems.length > 0 && (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={p.problems.map((pr) => `${pr.field}: ${pr.message}`).join('; ')} />
          )}
          <MappingTable preview={p} type={type} columns={columns} onChange={setColumns} />
          <LeftOutColumns
            preview={p}
            columns={columns}
            isAdmin={user.role === 'admin'}
            onChange={(next, keep) => {
              setColumns(next);
              setKeepLeftOut(keep);
            }}
          />
          <InvalidValueChoice value={onInvalidValue} onChange={setOnInvalidValue} />
          <Card size="small" title={t('imports.duplicates')} style={{ marginTop: 12 }}>
            <Space orientation="vertical">
              <Radio.Group value={onDuplicate} onChange={(e) => setOnDuplicate(e.target.value as (typeof ON_DUPLICATE)[number])} options={ON_DUPLICATE.map((o) => ({ value: o, label: t(`imports.onDuplicate.${o}`) }))} />
              {onDuplicate === 'update' && (
                <Radio.Group value={updateMode} onChange={(e) => setUpdateMode(e.target.value as 'fill' | 'overwrite')} options={[{ value: 'fill', label: t('imports.fill') }, { value: 'overwrite', label: t('imports.overwrite') }]} />
              )}
              {type !== 'interactions' && (
                <span>
                  {t('imports.matchOn')}{' '}
                  <Checkbox.Group value={matchOn ?? DEFAULT_MATCH_ON[type]} onChange={(values) => setMatchOn(values as string[])} options={MATCH_KEYS.map((k) => ({ value: k, label: t(`imports.keys.${k}`) }))} />
                </span>
              )}
            </Space>
          </Card>
          {type === 'contacts' && Object.values(columns).includes('customer') && (
            <Card size="small" title={t('imports.onCompany.title')} style={{ marginTop: 12 }}>
              <Radio.Group value={onCompany} onChange={(e) => setOnCompany(e.target.value as (typeof ON_COMPANY)[number])} options={ON_COMPANY.map((o) => ({ value: o, label: t(`imports.onCompany.${o}`) }))} data-testid="import-on-company" />
            </Card>
          )}
          {dryRun.error && <Alert type="error" showIcon style={{ marginTop: 12 }} title={dryRun.error.message} />}
          <Space style={{ marginTop: 12 }}>
            <Button onClick={() => setStep(0)}>{t('app.back')}</Button>
            <Button type="primary" disabled={mapped === 0} loading={dryRun.isPending} onClick={() => dryRun.mutate(form)} data-testid="import-check">
              {t('imports.check')}
            </Button>
          </Space>
        </Card>
      )}

      {step === 2 && dryRun.data && form && (
        <Card>
          <Typography.Paragraph>{t('imports.checked', { rows: dryRun.data.rows })}</Typography.Paragraph>
          <Counts counts={dryRun.data.counts} />
          {dryRun.data.rowsWithDroppedValues > 0 && <Typography.Paragraph style={{ marginTop: 12 }} data-testid="dropped-values">{t('imports.invalidValue.dropped', { count: dryRun.data.rowsWithDroppedValues })}</Typography.Paragraph>}
          {dryRun.data.leftOut.length > 0 && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }} className="kehu-wrap" data-testid="left-out-summary">
              {t('imports.leftOut.summary', { count: dryRun.data.leftOut.length, columns: dryRun.data.leftOut.map((l) => l.column).join(', ') })}
            </Typography.Paragraph>
          )}
          {dryRun.data.errors.length > 0 && (
            <>
              <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('imports.rejectedNote')}</Typography.Paragraph>
              <RowErrors errors={dryRun.data.errors} />
            </>
          )}
          {start.error && <Alert type="error" showIcon style={{ marginTop: 12 }} title={start.error.message} />}
          <Space style={{ marginTop: 12 }}>
            <Button onClick={() => setStep(1)}>{t('app.back')}</Button>
            <Button type="primary" loading={start.isPending} disabled={dryRun.data.counts.created + dryRun.data.counts.updated === 0} onClick={() => start.mutate(form)} data-testid="import-start">
              {t('imports.start')}
            </Button>
          </Space>
        </Card>
      )}

      {step === 3 && jobId !== null && <ImportJobCard jobId={jobId} />}

      <RecentImports
        onOpen={(id) => {
          setJobId(id);
          setStep(3);
        }}
      />
    </div>
  );
}
