import { PlusOutlined } from '@ant-design/icons';
import { Button, Segmented, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldError } from '../../lib/api.ts';
import { ConditionEditor, newCondition } from './ConditionEditor.tsx';
import { isGroup, type Condition, type Group } from './segment-fields.ts';

const MAX_DEPTH = 5;

interface Props {
  group: Group;
  onChange: (next: Group) => void;
  onRemove?: () => void;
  /** where the API would name this group in an error, e.g. filter.conditions[1] */
  path: string;
  errors: FieldError[];
  depth?: number;
}

/** A group of conditions joined by AND or OR; groups nest. */
export function GroupEditor({ group, onChange, onRemove, path, errors, depth = 0 }: Props) {
  const { t } = useTranslation();
  const replace = (index: number, node: Group | Condition | null) =>
    onChange({ ...group, conditions: node === null ? group.conditions.filter((_, i) => i !== index) : group.conditions.map((c, i) => (i === index ? node : c)) });
  const add = (node: Group | Condition) => onChange({ ...group, conditions: [...group.conditions, node] });
  const errorAt = (at: string) => errors.filter((e) => e.field === at || e.field.startsWith(`${at}.`)).map((e) => e.message).join('; ') || undefined;
  const own = errors.filter((e) => e.field === path || e.field === `${path}.conditions`).map((e) => e.message).join('; ');

  return (
    <div data-testid="segment-group" style={{ borderLeft: `3px solid ${group.op === 'and' ? '#1677ff' : '#fa8c16'}`, paddingLeft: 12, display: 'flex', flexDirection: 'column', gap: 8 }}>
      <Space wrap>
        <Segmented
          size="small"
          value={group.op}
          onChange={(op) => onChange({ ...group, op: op as Group['op'] })}
          options={[
            { value: 'and', label: t('analytics.segments.and') },
            { value: 'or', label: t('analytics.segments.or') },
          ]}
          data-testid="group-op"
        />
        {onRemove && <Button size="small" type="link" danger onClick={onRemove}>{t('analytics.segments.removeGroup')}</Button>}
      </Space>
      {group.conditions.map((node, i) =>
        isGroup(node) ? (
          <GroupEditor key={i} group={node} onChange={(next) => replace(i, next)} onRemove={() => replace(i, null)} path={`${path}.conditions[${i}]`} errors={errors} depth={depth + 1} />
        ) : (
          <ConditionEditor key={i} condition={node} onChange={(next) => replace(i, next)} onRemove={() => replace(i, null)} error={errorAt(`${path}.conditions[${i}]`)} />
        ),
      )}
      {own && <div style={{ color: '#cf1322', fontSize: 12 }} role="alert">{own}</div>}
      <Space wrap>
        <Button size="small" icon={<PlusOutlined />} onClick={() => add(newCondition('stage'))} data-testid="add-condition">{t('analytics.segments.addCondition')}</Button>
        {depth + 1 < MAX_DEPTH - 1 && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => add({ op: group.op === 'and' ? 'or' : 'and', conditions: [newCondition('stage')] })} data-testid="add-group">
            {t('analytics.segments.addGroup')}
          </Button>
        )}
      </Space>
    </div>
  );
}
