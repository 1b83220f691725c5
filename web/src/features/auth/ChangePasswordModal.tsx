import { useMutation } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { applyFieldErrors } from '../../lib/form-errors.ts';
import { NewPasswordFields } from './NewPasswordFields.tsx';

interface Values {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

export default function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<string[]>([]);
  const change = useMutation({
    mutationFn: (v: Values) => api.auth.changePassword({ currentPassword: v.currentPassword, newPassword: v.newPassword }),
    onSuccess: () => {
      void message.success(t('auth.passwordChanged'));
      form.resetFields();
      onClose();
    },
    onError: (error) => setProblems(applyFieldErrors(form, error, ['currentPassword', 'newPassword'])),
  });
  return (
    <Modal
      open={open}
      title={t('nav.changePassword')}
      okText={t('app.save')}
      cancelText={t('app.cancel')}
      confirmLoading={change.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => { setProblems([]); change.mutate(v); }}>
        <Form.Item name="currentPassword" label={t('auth.currentPassword')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <NewPasswordFields name="newPassword" label={t('auth.newPassword')} repeatLabel={t('auth.repeatPassword')} />
        {problems.length > 0 && <Alert type="error" showIcon title={problems.join('; ')} />}
      </Form>
    </Modal>
  );
}
