import { ImportOutlined, TeamOutlined } from '@ant-design/icons';
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
  page: LazyExoticComponent<ComponentType<PageProps>>;
  /** shown in the side menu when given; `match` marks the entry active for sub-paths */
  nav?: { label: ParseKeys; icon: ReactNode; roles?: Array<UserShape['role']> };
}

// Adding a page: create web/src/features/<feature>/<Page>.tsx (default export, takes PageProps),
// then add one entry here. The menu follows this order.
export const ROUTES: PageRoute[] = [
  { path: '/customers', page: lazy(() => import('../features/customers/CustomersPage.tsx')), nav: { label: 'nav.customers', icon: <TeamOutlined /> } },
  { path: '/customers/:id', page: lazy(() => import('../features/customers/CustomerPage.tsx')) },
  { path: '/import', page: lazy(() => import('../features/import/ImportPage.tsx')), nav: { label: 'nav.import', icon: <ImportOutlined /> } },
];

export const HOME = '/customers';

export function findRoute(pathname: string, match: (pattern: string, path: string) => Record<string, string> | null) {
  for (const route of ROUTES) {
    const params = match(route.path, pathname);
    if (params) return { route, params };
  }
  return null;
}
