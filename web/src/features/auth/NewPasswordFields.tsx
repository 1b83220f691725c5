import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

interface Props {
  /** the form field of the password; the repeat is `repeat` */
  name?: string;
  /** the first field's label, e.g. "Password" on first run, "New password" elsewhere */
  label: string;
  /** the repeat's label */
  repeatLabel: string;
  autoFocus?: boolean;
}

/** A password chosen by the person, with the server's rules as a hint, typed twice: first run, a reset link, a change. */
export function NewPasswordFields({ name = 'password', label, repeatLabel, autoFocus = false }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name={name} label={label} extra={t('auth.passwordHint')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
        <Input.Password autoComplete="new-password" autoFocus={autoFocus} />
      </Form.Item>
      <Form.Item
        name="repeat"
        label={repeatLabel}
        dependencies={[name]}
        rules={[
          { required: true, message: t('auth.passwordRequired') },
          ({ getFieldValue }) => ({ validator: (_, value) => (value === getFieldValue(name) ? Promise.resolve() : Promise.reject(new Error(t('auth.passwordsDiffer')))) }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
