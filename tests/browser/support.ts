/**
 * What the specs share: the harness's pages and database, the service portal's catalog, the
 * scorecard's exports, and where screenshots go.
 */
import { expect, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { Client } from 'pg';
import { parse } from 'yaml';
import { testIds } from '../../src/components/testIds';
import { uids } from '../../src/generators/uid';

const ROOT = path.resolve(__dirname, '../..');

export const APP = '/a/openkpi-scorecard-app';
/** The KPI data source of examples/service-portal in the harness. */
export const PORTAL_DS = uids.kpiDatasource('service-portal');

export const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
/** plugin.json's screenshots: the plugin build copies them from src/ into dist/. */
export const PLUGIN_SCREENSHOTS = path.resolve(__dirname, '../../src/img/screenshots');

/** Runs hand-written SQL on the harness's database (expected numbers never come from our compiler). */
export async function sql<T = Record<string, unknown>>(text: string): Promise<T[]> {
  const client = new Client({ connectionString: process.env.HARNESS_DB_URL });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Saves a screenshot for the README once the page has settled (fonts loaded, no spinner). */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  await page.evaluate(() => document.fonts.ready);
  await expect(page.getByText(/Evaluating|Loading/)).toHaveCount(0);
  const png = await page.screenshot({ fullPage: options.fullPage ?? false });
  for (const dir of [SCREENSHOTS, PLUGIN_SCREENSHOTS]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${name}.png`), png);
  }
}

/** examples/service-portal's catalog, as its file has it (the examples evolve; the specs follow). */
export const PORTAL_CATALOG = parse(readFileSync(path.join(ROOT, 'examples/service-portal/catalog.yaml'), 'utf8')) as {
  title: string;
  kpis: Array<{ id: string; name: string; area?: string }>;
};

/** The scorecard's KPI ids, in its order. */
export async function shownIds(page: Page): Promise<string[]> {
  const rows = page.getByTestId(testIds.scorecard.row);
  return (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-kpi')))) as string[];
}

/** Clicks Export → `label` and returns the downloaded file's name and bytes. */
export async function exportAs(page: Page, label: string): Promise<{ name: string; bytes: Buffer }> {
  await page.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: label }).click(),
  ]);
  const file = await download.path();
  expect(await download.failure()).toBeNull();
  return { name: download.suggestedFilename(), bytes: readFileSync(file) };
}

/** A PDF's text, as a reader extracts it. */
export function pdfText(file: string): string {
  return execFileSync(process.execPath, [path.join(ROOT, 'tests/support/pdfText.cjs'), file], { encoding: 'utf8' });
}

/** Platform availability over the last 30 days, by hand (the scorecard evaluates at now). */
export async function availability(): Promise<number> {
  const [{ a }] = await sql<{ a: number }>(`
    SELECT 100.0 * count(*) FILTER (WHERE is_up) / count(*) AS a FROM portal.uptime_checks
    WHERE NOT planned_maintenance AND checked_at >= now() - interval '30 days' AND checked_at < now()`);
  return Number(a);
}

const availabilityValue = (page: Page) =>
  page
    .locator(`[data-testid="${testIds.scorecard.row}"][data-kpi="platform_availability"]`)
    .getByTestId(testIds.scorecard.value);

/**
 * Export → PDF from the scorecard, read back as a reader extracts its text (saved through
 * `outputPath`): the catalog's title, the time of the figures, every KPI's name, and platform
 * availability as the page shows it, which is the figure by hand.
 */
export async function expectPdfExport(page: Page, outputPath: (name: string) => string): Promise<void> {
  const { name, bytes } = await exportAs(page, 'PDF');
  expect(name).toMatch(/^service-portal-scorecard-\d{4}-\d{2}-\d{2}\.pdf$/);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const file = outputPath(name);
  writeFileSync(file, bytes);
  const text = pdfText(file);
  expect(text).toContain(PORTAL_CATALOG.title);
  expect(text).toMatch(/Figures as of \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Europe\/Berlin\)/);
  for (const kpi of PORTAL_CATALOG.kpis) {
    // The PDF prints a long name over two lines: compare its words.
    expect(text.replace(/\s+/g, ' ')).toContain(kpi.name);
  }
  const shownValue = await availabilityValue(page).textContent();
  expect(shownValue).toBe(`${(await availability()).toFixed(2)}%`);
  expect(text).toContain(shownValue!);
}

/** Export → Excel from the scorecard: one row per KPI the page shows, figures as numbers. */
export async function expectXlsxExport(page: Page): Promise<void> {
  const ids = await shownIds(page);
  const { name, bytes } = await exportAs(page, 'Excel (XLSX)');
  expect(name).toMatch(/\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Scorecard')!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  const col = (title: string) => header.indexOf(title) + 1;
  expect(sheet.rowCount).toBe(ids.length + 1);
  const rows = Array.from({ length: ids.length }, (_, i) => sheet.getRow(i + 2));
  expect(rows.map((r) => r.getCell(col('KPI')).value).sort()).toEqual([...ids].sort());
  const line = rows.find((r) => r.getCell(col('KPI')).value === 'platform_availability')!;
  const value = line.getCell(col('Value')).value;
  expect(typeof value).toBe('number');
  expect(value as number).toBeCloseTo(await availability(), 6);
  expect(line.getCell(col('Target')).value).toBe(99.9);
}

/** Narrows the scorecard to one area with its filter; `count` rows remain. */
export async function filterArea(page: Page, area: string, count: number): Promise<void> {
  await page.getByLabel('Area').click();
  await page.getByRole('option', { name: area }).click();
  await expect(page.getByTestId(testIds.scorecard.row)).toHaveCount(count);
}

/** Export → CSV from the scorecard: exactly the KPIs `ids` (what the page shows), every figure. */
export async function expectCsvExport(page: Page, ids: string[]): Promise<void> {
  const { name, bytes } = await exportAs(page, 'CSV');
  expect(name).toMatch(/\.csv$/);
  const lines = bytes.toString('utf8').trimEnd().split('\r\n');
  const header = lines[0].split(',');
  expect(header).toEqual(expect.arrayContaining(['kpi', 'status', 'value', 'target', 'change', 'attainment']));
  const rows = lines.slice(1).map((l) => l.split(','));
  const at = (row: string[], column: string) => row[header.indexOf(column)];
  expect(rows.map((r) => at(r, 'kpi')).sort()).toEqual([...ids].sort());
  const availabilityRow = rows.find((r) => at(r, 'kpi') === 'platform_availability')!;
  expect(Number(at(availabilityRow, 'value'))).toBeCloseTo(await availability(), 6);
  expect(at(availabilityRow, 'target')).toBe('99.9');
}
