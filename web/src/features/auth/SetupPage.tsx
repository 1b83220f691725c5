import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/router.tsx';
import { useSignedIn } from '../../app/session.tsx';
import { api } from '../../lib/api.ts';
import { applyFieldErrors } from '../../lib/form-errors.ts';
import { AuthFrame } from './AuthFrame.tsx';
import { NewPasswordFields } from './NewPasswordFields.tsx';

interface Values {
  name: string;
  email: string;
  password: string;
  repeat: string;
}

/** First run: nobody exists yet, so the first person creates the administrator. */
export default function SetupPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const client = useQueryClient();
  const signedIn = useSignedIn();
  const [problems, setProblems] = useState<string[]>([]);
  const create = useMutation({
    mutationFn: (v: Values) => api.setup.create({ name: v.name, email: v.email, password: v.password }),
    onSuccess: (result) => {
      signedIn(result);
      client.setQueryData(['setup'], { needed: false });
      navigate('/customers', { replace: true });
      void message.success(t('setup.done'));
    },
    onError: (error) => setProblems(applyFieldErrors(form, error, ['name', 'email', 'password'])),
  });

  return (
    <AuthFrame title={t('setup.title')} intro={t('setup.intro')}>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => { setProblems([]); create.mutate(v); }}>
        <Form.Item name="name" label={t('setup.name')} rules={[{ required: true, whitespace: true, message: t('setup.nameRequired') }]}>
          <Input autoComplete="name" autoFocus />
        </Form.Item>
        <Form.Item name="email" label={t('auth.email')} rules={[{ required: true, message: t('auth.emailRequired') }]}>
          <Input type="email" autoComplete="username" />
        </Form.Item>
        <NewPasswordFields label={t('auth.password')} repeatLabel={t('setup.confirmPassword')} />
        {problems.length > 0 && <Alert type="error" showIcon title={problems.join('; ')} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" block loading={create.isPending}>
          {t('setup.create')}
        </Button>
      </Form>
    </AuthFrame>
  );
}
