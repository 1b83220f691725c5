import { BarChartOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Input, Row, Space, Statistic, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageProps } from '../../app/routes.tsx';
import { Link, navigate } from '../../app/router.tsx';
import { canWrite, useUser } from '../../app/session.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { isApiError, type Customer, type FieldError } from '../../lib/api.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { GroupEditor } from './GroupEditor.tsx';
import { ExportMenu } from './SegmentsPage.tsx';
import { usePreview, useMembers, useSaveSegment, useSegment, type SegmentDraft } from './segments-api.ts';
import type { Group } from './segment-fields.ts';

const EMPTY: SegmentDraft = { name: '', description: null, filter: { op: 'and', conditions: [{ field: 'stage', operator: 'eq', value: 'customer' }] } };

/** Build a segment with a live count, save it, see and export its members. `/segments/new` or `/segments/:id`. */
export default function SegmentPage({ params }: PageProps) {
  const id = params.id === 'new' ? null : Number(params.id);
  const segment = useSegment(id);
  const me = useUser();
  if (id !== null && !Number.isSafeInteger(id)) return <ErrorState error={new Error('not a segment')} />;
  if (segment.isLoading) return <Loading />;
  if (segment.isError) return <ErrorState error={segment.error} onRetry={() => void segment.refetch()} />;
  const saved = segment.data;
  // The server lets a viewer save nothing, and a segment only its creator or an admin.
  const readOnly = !canWrite(me) ? 'role' : saved && me.role !== 'admin' && saved.createdBy !== me.id ? 'notYours' : null;
  return <SegmentEditor key={saved?.version ?? 'new'} id={id} version={saved?.version} readOnly={readOnly} initial={saved ? { name: saved.name, description: saved.description, filter: saved.filter as Group } : EMPTY} />;
}

function SegmentEditor({ id, version, readOnly, initial }: { id: number | null; version: number | undefined; readOnly: 'role' | 'notYours' | null; initial: SegmentDraft }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const save = useSaveSegment();
  const filter = useDebounced(draft.filter, 400);
  const preview = usePreview(filter);
  const previewProblem = isApiError(preview.error) ? (preview.error.errors[0]?.message ?? preview.error.message) : null;
  useEffect(() => setErrors([]), [draft.filter]);

  const submit = () => {
    setErrors([]);
    save.mutate(
      { id, version, draft: { ...draft, name: draft.name.trim() } },
      {
        onSuccess: (answer) => {
          void message.success(t('analytics.segments.saved', { name: answer.name }));
          if (id === null) navigate(`/segments/${answer.id}`, { replace: true });
        },
        onError: (error) => {
          if (isApiError(error) && error.errors.length > 0) setErrors(error.errors);
          else void message.error(error.message);
        },
      },
    );
  };
  const nameError = errors.find((e) => e.field === 'name')?.message;

  return (
    <div data-testid="segment-editor">
      <div className="kehu-page-title">
        <h1>{id === null ? t('analytics.segments.new') : draft.name}</h1>
        <span style={{ flex: 1 }} />
        {id !== null && <Button icon={<BarChartOutlined />} onClick={() => navigate(`/reports?segmentId=${id}`)}>{t('analytics.segments.reports')}</Button>}
        {id !== null && <ExportMenu segmentId={id} />}
        {!readOnly && <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={submit} data-testid="save-segment">{t('app.save')}</Button>}
      </div>
      <Typography.Paragraph><Link to="/segments">← {t('analytics.segments.title')}</Link></Typography.Paragraph>
      {readOnly && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t(readOnly === 'role' ? 'analytics.segments.readOnlyRole' : 'analytics.segments.notYours')} data-testid="segment-read-only" />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card>
            <Space orientation="vertical" style={{ width: '100%' }} size="middle">
              <div>
                <Input value={draft.name} maxLength={100} placeholder={t('analytics.segments.name')} onChange={(e) => setDraft({ ...draft, name: e.target.value })} status={nameError ? 'error' : undefined} aria-label={t('analytics.segments.name')} data-testid="segment-name" />
                {nameError && <div style={{ color: '#cf1322', fontSize: 12 }} role="alert">{nameError}</div>}
              </div>
              <Input.TextArea value={draft.description ?? ''} maxLength={2000} autoSize={{ minRows: 1, maxRows: 4 }} placeholder={t('analytics.segments.description')} onChange={(e) => setDraft({ ...draft, description: e.target.value || null })} aria-label={t('analytics.segments.description')} />
              <GroupEditor group={draft.filter} onChange={(next) => setDraft({ ...draft, filter: next })} path="filter" errors={errors} />
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('analytics.segments.liveCount')} data-testid="segment-preview">
            {previewProblem ? (
              <Typography.Text type="secondary">{t('analytics.segments.incomplete', { problem: previewProblem })}</Typography.Text>
            ) : (
              <>
                <Statistic value={preview.data?.count ?? '…'} suffix={t('analytics.segments.customersSuffix')} loading={preview.isPending} data-testid="segment-count" />
                <ul style={{ paddingLeft: 18, marginTop: 8 }}>
                  {preview.data?.sample.map((c) => <li key={c.id}><Link to={`/customers/${c.id}`}>{c.name}</Link></li>)}
                </ul>
              </>
            )}
          </Card>
        </Col>
        {id !== null && (
          <Col span={24}>
            <Members id={id} />
          </Col>
        )}
      </Row>
    </div>
  );
}

/** The saved segment's members the viewer may see, page by page. */
function Members({ id }: { id: number }) {
  const { t } = useTranslation();
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const members = useMembers(id, cursors.at(-1));
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    if (members.data?.count !== undefined) setCount(members.data.count);
  }, [members.data?.count]);
  return (
    <Card title={count === null ? t('analytics.segments.members') : t('analytics.segments.membersCount', { count })} data-testid="segment-members">
      <Table<Customer>
        rowKey="id"
        size="small"
        loading={members.isFetching}
        dataSource={members.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('analytics.customer'), dataIndex: 'name', render: (name: string, c) => <Link to={`/customers/${c.id}`} className="kehu-wrap">{name}</Link> },
          { title: t('customers.stage'), dataIndex: 'stage', render: (stage: Customer['stage']) => t(`stages.${stage}`) },
          { title: t('customers.city'), dataIndex: 'city', responsive: ['md'] },
        ]}
      />
      <Space style={{ marginTop: 8 }}>
        <Button disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>{t('app.back')}</Button>
        <Button disabled={!members.data?.nextCursor} onClick={() => setCursors([...cursors, members.data?.nextCursor ?? undefined])}>{t('analytics.segments.next')}</Button>
      </Space>
    </Card>
  );
}
