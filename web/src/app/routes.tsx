import { BarChartOutlined, CheckSquareOutlined, ClusterOutlined, ContactsOutlined, DashboardOutlined, DeleteOutlined, FundProjectionScreenOutlined, MergeCellsOutlined, ImportOutlined, SettingOutlined, TagsOutlined, TeamOutlined } from '@ant-design/icons';
import type { ParseKeys } from 'i18next';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { UserShape } from '../lib/api.ts';

export interface PageProps {
  params: Record<string, string>;
}

export interface PageRoute {
  /** e.g. "/customers/:id" */
  path: string;
  /** loaded on first visit, so each page (and its libraries, e.g. ECharts) is its own chunk */
  page: LazyExoticComponent<ComponentType<PageProps>> & { preload?: () => Promise<unknown> };
  /** shown in the side menu when given; `match` marks the entry active for sub-paths */
  nav?: { label: ParseKeys; icon: ReactNode; roles?: Array<UserShape['role']> };
}

/** lazy(), plus a `preload` that main.tsx calls for the first page while the session loads. */
const lazyPage = (load: () => Promise<{ default: ComponentType<PageProps> }>) => Object.assign(lazy(load), { preload: load });

// Adding a page: create web/src/features/<feature>/<Page>.tsx (default export, takes PageProps),
// then add one entry here. The menu follows this order.
export const ROUTES: PageRoute[] = [
  { path: '/dashboard', page: lazy(() => import('../features/dashboard/DashboardPage.tsx')), nav: { label: 'dashboard.title', icon: <DashboardOutlined /> } },
  { path: '/reports', page: lazy(() => import('../features/analytics/ReportsPage.tsx')), nav: { label: 'analytics.title', icon: <BarChartOutlined /> } },
  { path: '/segments', page: lazy(() => import('../features/segments/SegmentsPage.tsx')), nav: { label: 'analytics.segments.title', icon: <ClusterOutlined /> } },
  { path: '/segments/:id', page: lazy(() => import('../features/segments/SegmentPage.tsx')) },
  { path: '/customers', page: lazyPage(() => import('../features/customers/CustomersPage.tsx')), nav: { label: 'nav.customers', icon: <TeamOutlined /> } },
  { path: '/customers/:id', page: lazyPage(() => import('../features/customers/CustomerPage.tsx')) },
  { path: '/contacts', page: lazy(() => import('../features/contacts/ContactsPage.tsx')), nav: { label: 'contacts.title', icon: <ContactsOutlined /> } },
  { path: '/tags', page: lazy(() => import('../features/tags/TagsPage.tsx')), nav: { label: 'tags.title', icon: <TagsOutlined /> } },
  { path: '/deals', page: lazy(() => import('../features/deals/DealsPage.tsx')), nav: { label: 'deals.title', icon: <FundProjectionScreenOutlined /> } },
  { path: '/tasks', page: lazy(() => import('../features/tasks/TasksPage.tsx')), nav: { label: 'tasks.title', icon: <CheckSquareOutlined /> } },
  { path: '/import', page: lazy(() => import('../features/imports/ImportPage.tsx')), nav: { label: 'nav.import', icon: <ImportOutlined /> } },
  { path: '/duplicates', page: lazy(() => import('../features/duplicates/DuplicatesPage.tsx')), nav: { label: 'duplicates.title', icon: <MergeCellsOutlined /> } },
  { path: '/recycle-bin', page: lazy(() => import('../features/admin/RecycleBinPage.tsx')), nav: { label: 'recycleBin.title', icon: <DeleteOutlined /> } },
  { path: '/admin', page: lazy(() => import('../features/admin/AdminPage.tsx')), nav: { label: 'admin.title', icon: <SettingOutlined />, roles: ['admin'] } },
];

export const HOME = '/customers';

export function findRoute(pathname: string, match: (pattern: string, path: string) => Record<string, string> | null) {
  for (const route of ROUTES) {
    const params = match(route.path, pathname);
    if (params) return { route, params };
  }
  return null;
}
