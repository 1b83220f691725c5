import { Result, Tabs } from 'antd';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate, useLocation } from '../../app/router.tsx';
import { useUser } from '../../app/session.tsx';
import { AuditTab } from './AuditTab.tsx';
import { BackupsTab } from './BackupsTab.tsx';
import { CustomFieldsTab } from './CustomFieldsTab.tsx';
import { HealthTab } from './HealthTab.tsx';
import { PoolTab } from './PoolTab.tsx';
import { StagesTab } from './StagesTab.tsx';
import { TeamsTab } from './TeamsTab.tsx';
import { TokensTab } from './TokensTab.tsx';
import { UsersTab } from './UsersTab.tsx';
import { WorkspaceTab } from './WorkspaceTab.tsx';

const TABS = ['users', 'teams', 'pool', 'workspace', 'fields', 'stages', 'tokens', 'audit', 'backups', 'health'] as const;
type Tab = (typeof TABS)[number];

/**
 * Administration: people, teams, the public pool's rules, the workspace's time zone, custom fields, pipeline stages, API tokens, the audit log, backups and the database's health.
 * Anyone else may open only the API tokens tab (/admin?tab=tokens), to manage their own tokens.
 */
export default function AdminPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { search } = useLocation();
  const asked = search.get('tab') as Tab | null;
  const tab: Tab = asked && TABS.includes(asked) ? asked : 'users';
  if (user.role !== 'admin') {
    if (tab !== 'tokens') return <Result status="403" title="403" subTitle={t('admin.adminsOnly')} />;
    return (
      <div>
        <div className="kehu-page-title">
          <h1>{t('admin.tabs.tokens')}</h1>
        </div>
        <TokensTab />
      </div>
    );
  }
  const content: Record<Tab, ComponentType> = { users: UsersTab, teams: TeamsTab, pool: PoolTab, workspace: WorkspaceTab, fields: CustomFieldsTab, stages: StagesTab, tokens: TokensTab, audit: AuditTab, backups: BackupsTab, health: HealthTab };
  const Current = content[tab];
  return (
    <div>
      <div className="kehu-page-title">
        <h1>{t('admin.title')}</h1>
      </div>
      <Tabs activeKey={tab} onChange={(key) => navigate(key === 'users' ? '/admin' : `/admin?tab=${key}`)} items={TABS.map((key) => ({ key, label: t(`admin.tabs.${key}`) }))} />
      <Current />
    </div>
  );
}
