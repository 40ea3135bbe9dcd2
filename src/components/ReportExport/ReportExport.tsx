import React, { useState } from 'react';
import { Button, Dropdown, Menu } from '@grafana/ui';
import type { Catalog } from '../../core/catalog/model';
import { reportFileName } from '../../core/reportFileName';
import { renderReport, ReportFormat } from '../../reports/render';
import { SnapshotLine, snapshotReport } from '../../reports/snapshot';

export interface ReportExportProps {
  catalog: Catalog;
  /** The instant the shown figures are for. */
  at: Date;
  /** The KPIs as the page shows them (filtered, in its order). */
  lines: SnapshotLine[];
}

const FORMATS: Array<{ format: ReportFormat; label: string }> = [
  { format: 'pdf', label: 'PDF' },
  { format: 'xlsx', label: 'Excel (XLSX)' },
  { format: 'csv', label: 'CSV' },
  { format: 'html', label: 'HTML (for e-mail)' },
  { format: 'md', label: 'Markdown' },
];

/** Hands a file to the browser's download (an object URL on a temporary link). */
export function downloadFile(name: string, content: string | Uint8Array, mimeType: string): void {
  const part: BlobPart = typeof content === 'string' ? content : (content.slice().buffer as ArrayBuffer);
  const url = URL.createObjectURL(new Blob([part], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** "Export" menu: what the page shows, in the formats of `openkpi report`, rendered in the browser. */
export function ReportExport({ catalog, at, lines }: ReportExportProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const exportAs = async (format: ReportFormat) => {
    setBusy(true);
    setError(undefined);
    try {
      const rendered = await renderReport(snapshotReport(catalog, at, lines), format);
      // Dated in the catalog's zone, as the CLI's attachments are: a Berlin scorecard as of 00:30 on
      // April 1st is the 1st's, though it is still March 31st in UTC.
      const name = reportFileName({
        name: catalog.name,
        kind: 'scorecard',
        at,
        timezone: catalog.timezone,
        extension: rendered.extension,
      });
      downloadFile(name, rendered.content, rendered.mimeType);
    } catch (err) {
      setError(`Export failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };

  const menu = (
    <Menu>
      {FORMATS.map(({ format, label }) => (
        <Menu.Item key={format} label={label} onClick={() => exportAs(format)} />
      ))}
    </Menu>
  );
  return (
    <>
      <Dropdown overlay={menu} placement="bottom-end">
        <Button variant="secondary" icon={busy ? 'spinner' : 'download-alt'} disabled={busy || lines.length === 0}>
          Export
        </Button>
      </Dropdown>
      {error && (
        <span role="alert" style={{ marginLeft: 8 }}>
          {error}
        </span>
      )}
    </>
  );
}
