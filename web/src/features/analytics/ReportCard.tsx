import { DownloadOutlined, PictureOutlined } from '@ant-design/icons';
import { Button, Card, Space, Tooltip } from 'antd';
import { useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart, type ChartHandle, type ChartOption } from '../dashboard/Chart.tsx';
import { download, toCsv } from './csv.ts';

export interface ReportTable {
  header: string[];
  rows: Array<Array<string | number | null>>;
}

interface ReportCardProps {
  title: ReactNode;
  /** file name without extension, for the PNG and CSV downloads */
  name: string;
  testId: string;
  chart?: { option: ChartOption; summary: string; height?: number; onClick?: (index: number) => void };
  /** the figures behind the card, offered as CSV */
  table?: ReportTable;
  help?: ReactNode;
  extra?: ReactNode;
  children?: ReactNode;
}

/** A report card: a chart (downloadable as PNG) and/or other content, its figures downloadable as CSV. */
export function ReportCard({ title, name, testId, chart, table, help, extra, children }: ReportCardProps) {
  const { t } = useTranslation();
  const handle = useRef<ChartHandle>(null);
  const png = () => {
    const url = handle.current?.toPng();
    if (url) download(`${name}.png`, url);
  };
  return (
    <Card
      title={<span className="kehu-wrap">{title}</span>}
      data-testid={testId}
      extra={
        <Space size={4} wrap>
          {extra}
          {chart && (
            <Tooltip title={t('analytics.exportPng')}>
              <Button size="small" type="text" icon={<PictureOutlined />} onClick={png} aria-label={t('analytics.exportPng')} data-testid="export-png" />
            </Tooltip>
          )}
          {table && (
            <Tooltip title={t('analytics.exportCsv')}>
              <Button size="small" type="text" icon={<DownloadOutlined />} onClick={() => download(`${name}.csv`, toCsv(table.header, table.rows))} aria-label={t('analytics.exportCsv')} data-testid="export-csv" />
            </Tooltip>
          )}
        </Space>
      }
      styles={{ body: { paddingTop: 12 } }}
    >
      {help && <div className="kehu-muted" style={{ marginBottom: 8, fontSize: 12 }}>{help}</div>}
      {chart && <Chart option={chart.option} summary={chart.summary} height={chart.height} handle={handle} testId={`${testId}-chart`} onClick={chart.onClick} />}
      {children}
    </Card>
  );
}
