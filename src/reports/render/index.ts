import type { Report } from '../model';
import { renderCsv } from './csv';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';

export const REPORT_FORMATS = ['html', 'pdf', 'xlsx', 'csv', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A rendered report: its bytes (or text), file name extension and MIME type. */
export interface RenderedReport {
  format: ReportFormat;
  content: string | Uint8Array;
  extension: string;
  mimeType: string;
}

const MIME: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
};

/** PDF and XLSX writers load only when asked for: they are large, and most commands never need them. */
export async function renderReport(report: Report, format: ReportFormat): Promise<RenderedReport> {
  const content =
    format === 'html'
      ? renderHtml(report)
      : format === 'md'
        ? renderMarkdown(report)
        : format === 'csv'
          ? renderCsv(report)
          : format === 'pdf'
            ? await (await import('./pdf')).renderPdf(report)
            : await (await import('./xlsx')).renderXlsx(report);
  return { format, content, extension: format, mimeType: MIME[format] };
}
