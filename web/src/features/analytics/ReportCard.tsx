import { DownloadOutlined, PictureOutlined } from '@ant-design/icons';
import { Button, Card, Dropdown, Space, Tooltip } from 'antd';
import { createContext, useContext, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart, type ChartHandle, type ChartOption } from '../dashboard/Chart.tsx';
import { reportFileUrl, type Extra, type ReportKind } from './analytics-api.ts';
import { download } from './csv.ts';
import type { ReportFilters } from './filters.ts';

/** The page's filters, which every card's download carries to the server. */
export const ReportFiltersContext = createContext<ReportFilters>({});

interface ReportCardProps {
  title: ReactNode;
  /** file name without extension, for the PNG download */
  name: string;
  testId: string;
  chart?: { option: ChartOption; summary: string; height?: number; onClick?: (index: number) => void };
  /** the analysis behind the card, downloaded from the server as CSV or XLSX under the page's filters */
  file?: { kind: ReportKind; extra?: Extra };
  help?: ReactNode;
  extra?: ReactNode;
  children?: ReactNode;
}

/** A report card: a chart (downloadable as PNG) and/or other content, its analysis downloadable as CSV or XLSX. */
export function ReportCard({ title, name, testId, chart, file, help, extra, children }: ReportCardProps) {
  const { t } = useTranslation();
  const filters = useContext(ReportFiltersContext);
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
          {file && (
            <Dropdown
              trigger={['click']}
              menu={{
                items: (['csv', 'xlsx'] as const).map((format) => ({
                  key: format,
                  label: (
                    <a href={reportFileUrl(file.kind, filters, file.extra ?? {}, format)} download data-testid={`export-${format}`}>
                      {t(format === 'csv' ? 'analytics.exportCsvFile' : 'analytics.exportXlsxFile')}
                    </a>
                  ),
                })),
              }}
            >
              <Button size="small" type="text" icon={<DownloadOutlined />} aria-label={t('analytics.exportFile')} data-testid="export-file" />
            </Dropdown>
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
