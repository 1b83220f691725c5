import { DownloadOutlined, FilterOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Dropdown, Grid, Input, Select, Table, type InputRef } from 'antd';
import { cloneElement, useEffect, useMemo, useRef, useState, type Key, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate, useLocation } from '../../app/router.tsx';
import { canWrite, useUser } from '../../app/session.tsx';
import { ErrorState } from '../../components/States.tsx';
import { api, exportUrl, type Customer, type CustomerFilter } from '../../lib/api.ts';
import { useStored } from '../../lib/stored.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { useHotkey } from '../../lib/use-hotkey.ts';
import { Welcome } from '../welcome/Welcome.tsx';
import { BulkActions, type BulkOutcome } from './BulkActions.tsx';
import { ColumnChooser } from './ColumnChooser.tsx';
import { customerColumns, DEFAULT_COLUMNS, type OptionalColumn } from './columns.tsx';
import { compact, CUSTOMER_SORTS, filterFromSearch, hasFilters, searchFromFilter } from './customer-filters.ts';
import { CustomerFilters } from './CustomerFilters.tsx';
import { NewCustomerModal } from './NewCustomerModal.tsx';
import { SavedViews } from './SavedViews.tsx';
import { useOwnerName } from './use-lookups.ts';

const PAGE = 50;
const SORT_LABELS = { '-createdAt': 'sortNewest', createdAt: 'sortOldest', '-updatedAt': 'sortUpdated', updatedAt: 'sortUpdated', name: 'sortName', '-name': 'sortNameDesc' } as const;

/** Keyset pages of customers: "load more" (or scrolling to the end) fetches the next cursor; no count. */
export default function CustomersPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const ownerName = useOwnerName();
  const wide = Grid.useBreakpoint().md !== false;
  const { search } = useLocation();
  const filter = useMemo(() => compact(filterFromSearch(search)), [search]);
  const [text, setText] = useState(filter.q ?? '');
  const q = useDebounced(text.trim(), 200);
  const [showFilters, setShowFilters] = useState(hasFilters(filter));
  const [columns, setColumns] = useStored<OptionalColumn[]>('kehu.customers.columns', DEFAULT_COLUMNS);
  const [selectedIds, setSelectedIds] = useState<number[]>([]);
  // What the last bulk change did, said above the list until the next selection (a toast is gone after 3 s).
  const [bulkOutcome, setBulkOutcome] = useState<BulkOutcome | null>(null);
  const selectRows = (keys: Key[]) => {
    setSelectedIds(keys as number[]);
    setBulkOutcome(null);
  };
  const [creating, setCreating] = useState(false);
  const searchRef = useRef<InputRef>(null);
  const sentinel = useRef<HTMLDivElement>(null);

  const setFilter = (next: CustomerFilter) => navigate(`/customers${searchFromFilter(compact(next))}`, { replace: true });
  const patchFilter = (patch: Partial<CustomerFilter>) => setFilter({ ...filter, ...patch });

  useEffect(() => {
    if ((q || undefined) !== filter.q) patchFilter({ q: q || undefined });
    // Only the settled text drives the address bar; typing does not.
  }, [q]);
  useEffect(() => setText((current) => (current.trim() === (filter.q ?? '') ? current : (filter.q ?? ''))), [filter.q]);

  useHotkey('/', () => searchRef.current?.focus());
  useHotkey('n', () => setCreating(true), canWrite(user));

  const list = useInfiniteQuery({
    queryKey: ['customers', 'list', filter],
    queryFn: ({ pageParam }) => api.customers.list({ ...filter, limit: PAGE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: (previous) => previous,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const selected = rows.filter((c) => selectedIds.includes(c.id));

  // Scrolling to the end of the table loads the next page.
  useEffect(() => {
    const node = sentinel.current;
    if (!node) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [list]);

  const isEmptyWorkspace = list.isSuccess && rows.length === 0 && !filter.q && !hasFilters(filter) && !list.isPlaceholderData;
  const tableColumns = customerColumns(t, i18n.language, ownerName, wide ? columns : ['phone', 'stage'], !wide);

  return (
    <section>
      <div className="kehu-page-title">
        <h1>{t('customers.title')}</h1>
        <span className="kehu-spacer" style={{ flex: 1 }} />
        {canWrite(user) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} title={t('customers.newShortcut')} data-testid="new-customer">
            {t('customers.new')}
          </Button>
        )}
      </div>
      <div className="kehu-toolbar">
        <Input
          ref={searchRef}
          className="kehu-search"
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('customers.searchPlaceholder')}
          aria-label={t('customers.searchPlaceholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="customer-search"
        />
        <Badge dot={hasFilters(filter)}>
          <Button icon={<FilterOutlined />} onClick={() => setShowFilters(!showFilters)} aria-expanded={showFilters}>
            {t('customers.filters')}
          </Button>
        </Badge>
        <Select
          aria-label={t('customers.sort')}
          value={filter.sort ?? '-createdAt'}
          onChange={(sort) => patchFilter({ sort: sort === '-createdAt' ? undefined : sort })}
          options={CUSTOMER_SORTS.filter((s) => s !== 'updatedAt').map((s) => ({ value: s, label: t(`customers.${SORT_LABELS[s]}`) }))}
          style={{ minWidth: 130 }}
        />
        {wide && <ColumnChooser value={columns} onChange={setColumns} />}
        <SavedViews filter={filter} onApply={setFilter} />
        <Dropdown
          trigger={['click']}
          menu={{
            items: (['csv', 'xlsx', 'vcard'] as const).map((format) => ({
              key: format,
              label: <a href={exportUrl('customers', { ...filter, format })} download>{t(`customers.export_${format}`)}</a>,
            })),
          }}
        >
          <Button icon={<DownloadOutlined />}>{t('customers.export')}</Button>
        </Dropdown>
        {hasFilters(filter) && <Button type="link" onClick={() => setFilter({ q: filter.q, sort: filter.sort })}>{t('customers.clearFilters')}</Button>}
      </div>
      {showFilters && <CustomerFilters filter={filter} onChange={patchFilter} />}
      {selected.length > 0 && (
        <BulkActions
          selected={selected}
          onDone={(outcome) => {
            setSelectedIds([]);
            setBulkOutcome(outcome);
          }}
        />
      )}
      {selected.length === 0 && bulkOutcome && (
        <Alert type={bulkOutcome.ok ? 'success' : 'error'} showIcon closable title={bulkOutcome.text} onClose={() => setBulkOutcome(null)} style={{ marginBottom: 12 }} data-testid="bulk-outcome" />
      )}
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : isEmptyWorkspace ? (
        <Welcome onAdd={() => setCreating(true)} />
      ) : (
        <>
          <Table<Customer>
            rowKey="id"
            size="middle"
            columns={tableColumns}
            dataSource={rows}
            loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
            pagination={false}
            scroll={{ x: 'max-content' }}
            tableLayout="fixed"
            rowSelection={
              canWrite(user)
                ? {
                    selectedRowKeys: selectedIds,
                    onChange: selectRows,
                    columnWidth: 40,
                    // what a screen reader says, in the reader's language (antd's own labels are English)
                    columnTitle: (box) => cloneElement(box as ReactElement<{ 'aria-label'?: string }>, { 'aria-label': t('customers.selectAll') }),
                    getCheckboxProps: (customer) => ({ 'aria-label': t('customers.selectRow', { name: customer.name }) }),
                  }
                : undefined
            }
            locale={{ emptyText: list.isPending ? ' ' : <div style={{ padding: 24 }}><div>{t('customers.empty')}</div><div className="kehu-muted">{t('customers.emptyHint')}</div></div> }}
            data-testid="customer-table"
          />
          <div ref={sentinel} className="kehu-list-footer">
            {list.hasNextPage ? (
              <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                {t('app.loadMore')}
              </Button>
            ) : (
              rows.length > 0 && <span className="kehu-muted">{t('customers.shown', { count: rows.length })} · {t('customers.loadedAll')}</span>
            )}
          </div>
        </>
      )}
      <NewCustomerModal open={creating} onClose={() => setCreating(false)} />
    </section>
  );
}
