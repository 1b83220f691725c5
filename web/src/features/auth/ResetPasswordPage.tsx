import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Result } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResetLinkUserShape } from '../../../../src/domain/password-reset.ts';
import { Loading } from '../../components/States.tsx';
import { request } from '../../lib/api.ts';
import { applyFieldErrors } from '../../lib/form-errors.ts';
import { AuthFrame } from './AuthFrame.tsx';
import { NewPasswordFields } from './NewPasswordFields.tsx';

export const RESET_PATH = '/reset-password';

interface Values {
  password: string;
  repeat: string;
}

// The token travels after # so that it reaches no server log; it is sent only in these bodies.
const resetApi = {
  check: (token: string) => request<ResetLinkUserShape>('POST', '/auth/reset-password/check', { body: { token }, quiet401: true }),
  reset: (token: string, password: string) => request<void>('POST', '/auth/reset-password', { body: { token, password }, quiet401: true }),
};

const goToSignIn = () => window.location.assign('/');

/** A reset link from an admin: whose it is, then a new password typed twice; once set, on to sign-in. */
export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<string[]>([]);
  const token = window.location.hash.slice(1);
  const link = useQuery({ queryKey: ['reset-link', token], queryFn: () => resetApi.check(token), enabled: token !== '', retry: false, staleTime: Infinity });
  const reset = useMutation({
    mutationFn: (v: Values) => resetApi.reset(token, v.password),
    onError: (error) => setProblems(applyFieldErrors(form, error, ['password'])),
  });

  if (token !== '' && link.isPending) return <Loading full />;
  if (token === '' || link.isError) {
    return (
      <AuthFrame title={t('resetPassword.title')}>
        <Result status="warning" title={t('resetPassword.invalid')} subTitle={link.error?.message ?? t('resetPassword.askAdmin')} extra={<Button onClick={goToSignIn}>{t('resetPassword.toSignIn')}</Button>} data-testid="reset-invalid" />
      </AuthFrame>
    );
  }
  if (reset.isSuccess) {
    return (
      <AuthFrame title={t('resetPassword.title')}>
        <Result status="success" title={t('resetPassword.done')} subTitle={t('resetPassword.doneHint')} extra={<Button type="primary" onClick={goToSignIn} data-testid="reset-sign-in">{t('resetPassword.toSignIn')}</Button>} />
      </AuthFrame>
    );
  }
  return (
    <AuthFrame title={t('resetPassword.title')} intro={t('resetPassword.intro', { name: link.data?.name ?? '', email: link.data?.email ?? '' })}>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => { setProblems([]); reset.mutate(v); }} data-testid="reset-form">
        <input type="email" autoComplete="username" value={link.data?.email ?? ''} readOnly hidden />
        <NewPasswordFields label={t('auth.newPassword')} repeatLabel={t('auth.repeatPassword')} autoFocus />
        {problems.length > 0 && <Alert type="error" showIcon title={problems.join('; ')} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" block loading={reset.isPending}>
          {t('resetPassword.save')}
        </Button>
      </Form>
    </AuthFrame>
  );
}
