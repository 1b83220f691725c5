import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSignedIn } from '../../app/session.tsx';
import { api, isApiError } from '../../lib/api.ts';
import { AuthFrame } from './AuthFrame.tsx';

export default function SignInPage() {
  const { t } = useTranslation();
  const signedIn = useSignedIn();
  const login = useMutation({ mutationFn: (v: { email: string; password: string }) => api.auth.login(v.email, v.password), onSuccess: signedIn });
  const error = login.error;
  const problem =
    !error ? null
    : isApiError(error) && error.status === 401 ? t('auth.wrongCredentials')
    : isApiError(error) && error.status === 429 ? t('auth.throttled', { seconds: error.retryAfter ?? 60 })
    : isApiError(error) && error.status === 0 ? t('app.offline')
    : error.message;

  return (
    <AuthFrame title={t('auth.signInTitle')} intro={t('app.tagline')}>
      <Form layout="vertical" onFinish={(v: { email: string; password: string }) => login.mutate(v)} requiredMark={false}>
        <Form.Item name="email" label={t('auth.email')} rules={[{ required: true, message: t('auth.emailRequired') }]}>
          <Input type="email" autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        {problem && <Alert type="error" title={problem} showIcon style={{ marginBottom: 16 }} role="alert" />}
        <Button type="primary" htmlType="submit" block loading={login.isPending}>
          {t('auth.signIn')}
        </Button>
      </Form>
    </AuthFrame>
  );
}
