import { Alert, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import type { BackupFileSummaryShape } from './admin-api.ts';

/** A restore replaces everything: the admin reads what happens and types the backup's name to go on. */
export function RestoreModal({ file, onClose, onConfirm }: { file: BackupFileSummaryShape | null; onClose: () => void; onConfirm: (file: BackupFileSummaryShape) => void }) {
  const { t, i18n } = useTranslation();
  const [typed, setTyped] = useState('');
  const matches = file !== null && typed.trim() === file.name;
  return (
    <Modal
      open={file !== null}
      title={t('backups.restoreTitle')}
      onCancel={onClose}
      afterOpenChange={(visible) => visible || setTyped('')}
      okText={t('backups.restoreNow')}
      okButtonProps={{ danger: true, disabled: !matches }}
      onOk={() => {
        if (!file || !matches) return;
        onConfirm(file);
        onClose();
      }}
      destroyOnHidden
    >
      {file && (
        <>
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            message={t('backups.restoreWarning', { when: formatDateTime(file.createdAt, i18n.language), customers: file.customers.toLocaleString(i18n.language) })}
            description={t('backups.restoreDetail')}
          />
          <Typography.Paragraph>{t('backups.typeName')}</Typography.Paragraph>
          <Typography.Paragraph code copyable className="kehu-wrap">
            {file.name}
          </Typography.Paragraph>
          <Input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder={file.name} aria-label={t('backups.typeName')} data-testid="restore-confirm" />
        </>
      )}
    </Modal>
  );
}
