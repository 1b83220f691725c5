import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, InputNumber, Modal, Select, Space, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupSchedule } from '../../../../src/domain/backup.ts';
import { applyFieldErrors } from '../../lib/form-errors.ts';
import { adminApi, type BackupSettingsShape } from './admin-api.ts';
import { BACKUPS } from './use-backup-job.ts';

type Values = Omit<BackupSchedule, 'directory'> & { directory: string };
const FIELDS = ['enabled', 'time', 'directory', 'keepDaily', 'keepWeekly', 'keepMonthly', 'verifyEnabled', 'verifyWeekday', 'verifyTime'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const CLOCK = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** When kehu backs itself up, to which directory, how many copies it keeps, and when it tests a restore. */
export function BackupSettingsModal({ open, settings, onClose }: { open: boolean; settings: BackupSettingsShape; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string[]>([]);
  const save = useMutation({
    mutationFn: ({ directory, ...rest }: Values) => adminApi.backups.updateSettings({ ...rest, directory: directory.trim() === '' ? null : directory.trim() }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: BACKUPS });
      onClose();
    },
    onError: (error) => setProblem(applyFieldErrors(form, error, FIELDS)),
  });
  // Each opening starts from the saved settings (set at once, so nothing typed meanwhile is overwritten).
  useEffect(() => {
    if (!open) return;
    setProblem([]);
    form.setFieldsValue({ ...settings, directory: settings.directory ?? '' });
  }, [open, form, settings]);
  const clock = [{ required: true, pattern: CLOCK, message: t('backups.clockHint') }];
  const count = (name: keyof Values, label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true }]}>
      <InputNumber min={0} max={1000} precision={0} />
    </Form.Item>
  );

  return (
    <Modal
      open={open}
      title={t('backups.settings')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('app.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {problem.length > 0 && <Alert type="error" showIcon message={problem.join('; ')} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} initialValues={{ ...settings, directory: settings.directory ?? '' }}>
        <Space align="start" wrap>
          <Form.Item name="enabled" label={t('backups.dailyBackup')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="time" label={t('backups.at')} rules={clock}>
            <Input placeholder="02:00" style={{ width: 90 }} />
          </Form.Item>
        </Space>
        <Form.Item name="directory" label={t('backups.directory')} extra={t('backups.directoryHint')}>
          <Input placeholder="/mnt/backups/kehu" maxLength={1000} />
        </Form.Item>
        <Space align="start" wrap>
          {count('keepDaily', t('backups.keepDaily'))}
          {count('keepWeekly', t('backups.keepWeekly'))}
          {count('keepMonthly', t('backups.keepMonthly'))}
        </Space>
        <Space align="start" wrap>
          <Form.Item name="verifyEnabled" label={t('backups.weeklyVerify')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="verifyWeekday" label={t('backups.weekday')} rules={[{ required: true }]}>
            <Select style={{ width: 120 }} options={WEEKDAYS.map((day, value) => ({ value, label: t(`backups.weekdays.${day}`) }))} />
          </Form.Item>
          <Form.Item name="verifyTime" label={t('backups.at')} rules={clock}>
            <Input placeholder="03:30" style={{ width: 90 }} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
