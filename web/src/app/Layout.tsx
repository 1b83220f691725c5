import { ApiOutlined, KeyOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Drawer, Dropdown, Grid, Layout as AntLayout, Menu, Result } from 'antd';
import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { Loading } from '../components/States.tsx';
import ChangePasswordModal from '../features/auth/ChangePasswordModal.tsx';
import { findRoute, HOME, ROUTES } from './routes.tsx';
import { Link, matchPath, navigate, useLocation } from './router.tsx';
import { useSignOut, useUser } from './session.tsx';

function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const { pathname } = useLocation();
  const entries = ROUTES.filter((r) => r.nav && (!r.nav.roles || r.nav.roles.includes(user.role)));
  const active = entries.filter((r) => pathname === r.path || pathname.startsWith(`${r.path}/`)).map((r) => r.path);
  return (
    <Menu
      mode="inline"
      selectedKeys={active}
      style={{ borderInlineEnd: 'none' }}
      items={entries.map((r) => ({
        key: r.path,
        icon: r.nav?.icon,
        label: (
          <Link to={r.path} onClick={onNavigate} data-testid={`nav-${r.path.slice(1)}`}>
            {t(r.nav?.label as 'nav.customers')}
          </Link>
        ),
      }))}
    />
  );
}

function Page() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  useEffect(() => {
    if (pathname === '/') navigate(HOME, { replace: true });
  }, [pathname]);
  const found = findRoute(pathname, matchPath);
  if (!found) {
    return pathname === '/' ? null : <Result status="404" title="404" subTitle={t('app.notFound')} extra={<Link to={HOME}>{t('app.goHome')}</Link>} />;
  }
  const { route, params } = found;
  return (
    <ErrorBoundary key={pathname}>
      <Suspense fallback={<Loading />}>
        <route.page params={params} />
      </Suspense>
    </ErrorBoundary>
  );
}

/** The signed-in workspace: side menu (a drawer on phones), header, the current page. */
export function Layout() {
  const { t } = useTranslation();
  const user = useUser();
  const signOut = useSignOut();
  const screens = Grid.useBreakpoint();
  const wide = screens.md !== false;
  const [drawer, setDrawer] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);

  return (
    <AntLayout style={{ minHeight: '100vh' }}>
      {wide && (
        <AntLayout.Sider theme="light" width={200} style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
          <div style={{ padding: '16px 24px' }} className="kehu-brand">
            kehu{t('app.name') === 'kehu' ? '' : ` · ${t('app.name')}`}
          </div>
          <NavMenu />
        </AntLayout.Sider>
      )}
      <AntLayout style={{ minWidth: 0 }}>
        <header className="kehu-header">
          {!wide && <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.menu')} onClick={() => setDrawer(true)} />}
          {!wide && <span className="kehu-brand">kehu</span>}
          <span className="kehu-spacer" />
          <LanguageSwitch />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'password', icon: <KeyOutlined />, label: t('nav.changePassword'), onClick: () => setPasswordOpen(true) },
                { key: 'tokens', icon: <ApiOutlined />, label: t('admin.tabs.tokens'), onClick: () => navigate('/admin?tab=tokens') },
                { key: 'signout', icon: <LogoutOutlined />, label: <span data-testid="sign-out">{t('nav.signOut')}</span>, onClick: () => void signOut() },
              ],
            }}
          >
            <Button type="text" icon={<UserOutlined />} data-testid="account-menu">
              <span className="kehu-ellipsis" style={{ maxWidth: wide ? 200 : 90 }}>
                {user.name}
              </span>
            </Button>
          </Dropdown>
        </header>
        <AntLayout.Content className="kehu-content">
          <Page />
        </AntLayout.Content>
      </AntLayout>
      <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" size={240} title="kehu" styles={{ body: { padding: 0 } }}>
        <NavMenu onNavigate={() => setDrawer(false)} />
      </Drawer>
      <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </AntLayout>
  );
}
