import { QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../components/States.tsx';
import ResetPasswordPage, { RESET_PATH } from '../features/auth/ResetPasswordPage.tsx';
import SetupPage from '../features/auth/SetupPage.tsx';
import SignInPage from '../features/auth/SignInPage.tsx';
import { api, setUnauthorizedHandler } from '../lib/api.ts';
import { Layout } from './Layout.tsx';
import { queryClient } from './query-client.ts';
import { ME, UserContext, useMeQuery } from './session.tsx';

const token = { colorPrimary: '#1677ff', borderRadius: 6 };
// antd sets a label's colon 2px off the word, which reads as a full-width "：" in English ("Phone ：");
// English writes "Phone: ", Chinese keeps the gap.
const themes = {
  zh: { token },
  en: { token, components: { Descriptions: { colonMarginLeft: 0 } } },
};

/** Set-up when nobody exists yet, sign-in when signed out, else the workspace; a password reset link whoever is signed in. */
function Gate() {
  if (window.location.pathname === RESET_PATH) return <ResetPasswordPage />;
  return <Workspace />;
}

function Workspace() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = AntApp.useApp();
  const setup = useQuery({ queryKey: ['setup'], queryFn: api.setup.status, staleTime: Infinity });
  // Asked at once, beside the set-up check: an empty workspace simply answers 401.
  const me = useMeQuery(setup.data?.needed !== true);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      if (client.getQueryData(ME)) void message.warning(t('app.signedOutNotice'));
      client.setQueryData(ME, null);
    });
  }, [client, message, t]);

  if (setup.isPending) return <Loading full />;
  if (setup.isError) return <ErrorState error={setup.error} onRetry={() => void setup.refetch()} />;
  if (setup.data.needed) return <SetupPage />;
  if (me.isPending) return <Loading full />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) return <SignInPage />;
  return (
    <UserContext.Provider value={me.data.user}>
      <Layout />
    </UserContext.Provider>
  );
}

export function App() {
  const { i18n } = useTranslation();
  const zh = i18n.language === 'zh';
  useEffect(() => {
    dayjs.locale(zh ? 'zh-cn' : 'en');
  }, [zh]);
  return (
    <ConfigProvider locale={zh ? zhCN : enUS} theme={zh ? themes.zh : themes.en} button={{ autoInsertSpace: false }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <Gate />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
