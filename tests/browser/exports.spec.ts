import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { testIds } from '../../src/components/testIds';
import { APP, availability, exportAs, pdfText, PORTAL_CATALOG, PORTAL_DS, shownIds } from './support';

/*
 * The scorecard's Export menu in a real browser: each format is rendered by the page, handed to
 * the browser as a download and read back the way its reader would (the PDF's text, the workbook's
 * cells, the CSV's rows), and it holds what the page shows: the KPIs it lists, with their figures.
 */

const CATALOG = PORTAL_CATALOG;
const OPS = CATALOG.kpis.filter((k) => k.area === 'Operational Excellence');

test.describe('Scorecard exports', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto(`${APP}/scorecard?ds=${PORTAL_DS}`);
    await expect(page.getByTestId(testIds.scorecard.row)).toHaveCount(CATALOG.kpis.length);
  });

  test('PDF: every KPI the page lists, with the figures it shows', async ({ page }, info) => {
    // The menu as a user sees it (test-results/browser/…/menu.png).
    await page.getByRole('button', { name: 'Export' }).click();
    await expect(page.getByRole('menuitem')).toHaveText([
      'PDF',
      'Excel (XLSX)',
      'CSV',
      'HTML (for e-mail)',
      'Markdown',
    ]);
    await page.screenshot({ path: info.outputPath('menu.png') });
    await page.keyboard.press('Escape');
    const { name, bytes } = await exportAs(page, 'PDF');
    expect(name).toMatch(/^service-portal-scorecard-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const file = info.outputPath(name);
    writeFileSync(file, bytes);
    const text = pdfText(file);
    expect(text).toContain(CATALOG.title);
    expect(text).toMatch(/Figures as of \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Europe\/Berlin\)/);
    for (const kpi of CATALOG.kpis) {
      // The PDF prints a long name over two lines: compare its words.
      expect(text.replace(/\s+/g, ' ')).toContain(kpi.name);
    }
    const shownValue = await page
      .locator(`[data-testid="${testIds.scorecard.row}"][data-kpi="platform_availability"]`)
      .getByTestId(testIds.scorecard.value)
      .textContent();
    expect(shownValue).toBe(`${(await availability()).toFixed(2)}%`);
    expect(text).toContain(shownValue!);
  });

  test('Excel: one row per KPI shown, figures as numbers', async ({ page }) => {
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
  });

  test('CSV of a filtered page: only the KPIs it shows, every figure', async ({ page }) => {
    await page.getByLabel('Area').click();
    await page.getByRole('option', { name: 'Operational Excellence' }).click();
    await expect(page.getByTestId(testIds.scorecard.row)).toHaveCount(OPS.length);
    const { name, bytes } = await exportAs(page, 'CSV');
    expect(name).toMatch(/\.csv$/);
    const lines = bytes.toString('utf8').trimEnd().split('\r\n');
    const header = lines[0].split(',');
    expect(header).toEqual(expect.arrayContaining(['kpi', 'status', 'value', 'target', 'change', 'attainment']));
    const rows = lines.slice(1).map((l) => l.split(','));
    const at = (row: string[], column: string) => row[header.indexOf(column)];
    expect(rows.map((r) => at(r, 'kpi')).sort()).toEqual(OPS.map((k) => k.id).sort());
    const availabilityRow = rows.find((r) => at(r, 'kpi') === 'platform_availability')!;
    expect(Number(at(availabilityRow, 'value'))).toBeCloseTo(await availability(), 6);
    expect(at(availabilityRow, 'target')).toBe('99.9');
  });

  test('HTML and Markdown: self-contained, what the page lists', async ({ page }, info) => {
    const html = (await exportAs(page, 'HTML (for e-mail)')).bytes.toString('utf8');
    expect(html).not.toMatch(/<script|<link|<img|url\(|src=/i);
    for (const kpi of CATALOG.kpis) {
      expect(html).toContain(kpi.name.replace(/&/g, '&#38;'));
    }
    // The exported HTML as a mail client shows it: look at it (test-results/browser/…/export.png).
    const view = await page.context().newPage();
    await view.setContent(html);
    await view.screenshot({ path: info.outputPath('export.png'), fullPage: true });
    await expect(view.getByRole('heading', { name: CATALOG.title })).toBeVisible();
    await view.close();

    const md = (await exportAs(page, 'Markdown')).bytes.toString('utf8');
    expect(md.split('\n')[0]).toBe(`# ${CATALOG.title}`);
    expect(
      md.split('\n').filter((l) => /^\| (OK|Warning|Critical|No data|Low volume|Pending|Error) /.test(l))
    ).toHaveLength(CATALOG.kpis.length);
  });
});
