import React from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { parseCatalog } from '../../core/catalog/parse';
import { evaluationFromRow } from '../../core/evaluation/evaluate';
import { ReportExport } from './ReportExport';

// jsdom resolves pdfkit's browser build, an ES module jest does not load: these tests are about the
// file the page hands over, so the PDF is a stand-in here (tests/browser/exports.spec.ts reads real ones).
jest.mock('../../reports/render/pdf', () => ({ renderPdf: async () => new TextEncoder().encode('%PDF-1.3') }));

const CATALOG = parseCatalog(
  `apiVersion: openkpi/v1
name: shop
title: Shop
timezone: Europe/Berlin
sources:
  orders: { table: shop.orders, time: created_at }
kpis:
  - id: orders
    name: Orders, "per day"
    area: Sales
    unit: short
    source: orders
    window: 1d
    measure: { aggregate: count }
    target: 100
  - id: refunds
    name: Refund rate
    area: Sales
    unit: percent
    direction: lower
    source: orders
    window: 7d
    measure: { ratio: { numerator: { aggregate: count, filter: "refunded" }, denominator: { aggregate: count } }, scale: 100 }
    target: 2
`,
  'shop.yaml'
).catalog!;

/** jsdom's Blob has no text(): read it as a browser without it would. */
function textOf(blob: Blob): Promise<string> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.readAsText(blob);
  });
}

const AT = new Date('2025-03-31T22:00:00Z');

// Evaluations built the way the core builds them from an eval row, so the export sees real figures.
const lines = [
  { kpi: CATALOG.kpis[0], value: 120, previous: 100, target: 100 },
  { kpi: CATALOG.kpis[1], value: 3.5, previous: 2.5, target: 2 },
].map(({ kpi, value, previous, target }) => ({
  evaluation: evaluationFromRow(CATALOG, kpi, {
    value,
    previous,
    target,
    warning: target,
    critical: null,
    window_from_ms: AT.getTime() - 86_400_000,
    window_to_ms: AT.getTime(),
    previous_from_ms: AT.getTime() - 2 * 86_400_000,
    previous_to_ms: AT.getTime() - 86_400_000,
    last_data_at_ms: AT.getTime() - 60_000,
    stale: false,
  }),
  sparkline: [1, 2, 3],
}));

describe('ReportExport', () => {
  let blobs: Blob[];
  let names: string[];
  beforeEach(() => {
    blobs = [];
    names = [];
    URL.createObjectURL = jest.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:report';
    });
    URL.revokeObjectURL = jest.fn();
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
  });

  it('downloads the shown KPIs as CSV, worst first, one row each', async () => {
    render(<ReportExport catalog={CATALOG} at={AT} lines={lines} />);
    fireEvent.click(screen.getByRole('button', { name: /export/i }));
    fireEvent.click(await screen.findByText('CSV'));
    // As of 2025-04-01 00:00 in Berlin (22:00 UTC the day before): the file is April 1st's.
    await waitFor(() => expect(names).toEqual(['shop-scorecard-2025-04-01.csv']));
    const csv = await textOf(blobs[0]);
    const rows = csv.trimEnd().split('\r\n');
    expect(rows).toHaveLength(3);
    // The refund rate (3.5 % against a 2 % ceiling) is a warning: it comes first.
    expect(rows[1]).toMatch(/^shop,.*,Sales,refunds,Refund rate,,percent,lower,warning,warning,3\.5,2,/);
    expect(rows[2]).toContain(',orders,"Orders, ""per day""",');
  });

  it('downloads a Markdown snapshot that says which instant it shows', async () => {
    render(<ReportExport catalog={CATALOG} at={AT} lines={lines} />);
    fireEvent.click(screen.getByRole('button', { name: /export/i }));
    fireEvent.click(await screen.findByText('Markdown'));
    await waitFor(() => expect(blobs).toHaveLength(1));
    const md = await textOf(blobs[0]);
    expect(md.split('\n')[0]).toBe('# Shop');
    expect(md).toContain('Figures as of 2025-04-01 00:00 (Europe/Berlin)');
    expect(md).toContain('| Warning | Refund rate | 3.5% | 2% | 57.1% | ▲ +1 pp (+40.0%) | ▁▅█ |');
  });

  // A catalog west of UTC at 22:00 local on March 31st, already April 1st in UTC: every format is March 31st's.
  it.each<[string, string]>([
    ['PDF', 'pdf'],
    ['Excel (XLSX)', 'xlsx'],
    ['CSV', 'csv'],
  ])('names the %s file by the day in the catalog zone, not UTC’s', async (label, extension) => {
    const chicago = { ...CATALOG, timezone: 'America/Chicago' };
    render(<ReportExport catalog={chicago} at={new Date('2025-04-01T03:00:00Z')} lines={lines} />);
    fireEvent.click(screen.getByRole('button', { name: /export/i }));
    fireEvent.click(await screen.findByText(label));
    await waitFor(() => expect(names).toEqual([`shop-scorecard-2025-03-31.${extension}`]), { timeout: 10_000 });
  });

  it('is disabled when the page shows no KPIs', () => {
    render(<ReportExport catalog={CATALOG} at={AT} lines={[]} />);
    expect(screen.getByRole('button', { name: /export/i })).toBeDisabled();
  });
});
