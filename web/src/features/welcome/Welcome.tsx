import { DatabaseOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Result, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/router.tsx';
import { useUser } from '../../app/session.tsx';
import { api } from '../../lib/api.ts';

/** What an empty workspace offers: demo data (admins), an import, or one customer by hand. */
export function Welcome({ onAdd }: { onAdd: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const client = useQueryClient();
  const demo = useMutation({
    mutationFn: api.setup.loadDemo,
    onSuccess: async (loaded) => {
      void message.success(t('welcome.demoLoaded', loaded));
      await client.invalidateQueries();
    },
  });
  const isAdmin = user.role === 'admin';
  const notice = demo.isPending ? <Alert type="info" showIcon title={t('welcome.loadingDemo')} /> : demo.isError ? <Alert type="error" showIcon title={demo.error.message} /> : undefined;
  return (
    <Result
      icon={<DatabaseOutlined style={{ color: '#1677ff' }} />}
      title={t('welcome.title')}
      subTitle={isAdmin ? t('welcome.intro') : t('welcome.adminOnly')}
      extra={
        <Space wrap style={{ justifyContent: 'center' }}>
          {isAdmin && (
            <Button type="primary" size="large" icon={<DatabaseOutlined />} loading={demo.isPending} onClick={() => demo.mutate()} data-testid="load-demo">
              {t('welcome.loadDemo')}
            </Button>
          )}
          {isAdmin && (
            <Button size="large" icon={<ImportOutlined />} onClick={() => navigate('/import')}>
              {t('welcome.importSpreadsheet')}
            </Button>
          )}
          {user.role !== 'viewer' && (
            <Button size="large" icon={<PlusOutlined />} onClick={onAdd}>
              {t('welcome.addOne')}
            </Button>
          )}
        </Space>
      }
    >
      {/* Result draws its grey content box whenever it has children, even [false, false]: give it one only with something to say. */}
      {notice}
    </Result>
  );
}
