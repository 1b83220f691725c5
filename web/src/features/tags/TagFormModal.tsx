import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Radio } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { writeProblems } from '../../lib/form-errors.ts';
import { tagsApi, type TagShape } from './tags-api.ts';
import { putSaved } from '../../lib/cached-records.ts';
import { useStaleGuard } from '../../lib/use-stale-guard.tsx';
import { lengthRule } from '../../lib/length-rule.ts';

/** The colours a tag may take (antd's palette), or none. */
export const TAG_COLOURS = ['#1677ff', '#13c2c2', '#52c41a', '#faad14', '#fa541c', '#f5222d', '#eb2f96', '#722ed1'] as const;
const FIELDS = ['name', 'color'];

interface Values {
  name: string;
  color: string;
}

/** Creates a tag or renames and recolours one (a rename shows on every customer and contact that carries it). */
export function TagFormModal({ open, tag, onClose }: { open: boolean; tag: TagShape | null; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string[]>([]);
  const guard = useStaleGuard('tags', tag, open, (fresh) => form.setFieldsValue({ name: fresh.name, color: fresh.color ?? '' }));
  useEffect(() => {
    if (!open) return;
    setProblem([]);
    form.setFieldsValue({ name: tag?.name ?? '', color: tag?.color ?? '' });
  }, [open, tag, form]);
  const save = useMutation({
    mutationFn: ({ name, color }: Values) => {
      const input = { name: name.trim(), color: color === '' ? null : color };
      return guard.base ? tagsApi.update(guard.base.id, input, guard.base.version) : tagsApi.create(input);
    },
    onSuccess: (saved) => {
      putSaved(client, 'tags', saved);
      void client.invalidateQueries({ queryKey: ['tags'] });
      if (tag) void client.invalidateQueries({ queryKey: ['customers'] });
      onClose();
    },
    onError: (error) => {
      setProblem(writeProblems(form, error, FIELDS, guard));
      void client.invalidateQueries({ queryKey: ['tags'] });
    },
  });
  return (
    <Modal open={open} title={tag ? t('tags.editTitle', { name: tag.name }) : t('tags.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('app.save')} cancelText={t('app.cancel')} confirmLoading={save.isPending} destroyOnHidden>
      {guard.alert}
      {problem.length > 0 && <Alert type="error" showIcon title={problem.join(' ')} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="tag-form">
        <Form.Item name="name" label={t('tags.name')} rules={[{ required: true, whitespace: true, message: t('tags.nameRequired') }, lengthRule(t, 50)]}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="color" label={t('tags.color')}>
          <Radio.Group>
            <Radio value="">{t('tags.noColor')}</Radio>
            {TAG_COLOURS.map((colour) => (
              <Radio key={colour} value={colour} aria-label={colour}>
                <span className="kehu-swatch" style={{ background: colour }} />
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}
