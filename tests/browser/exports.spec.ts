import { expect, test } from '@playwright/test';
import { testIds } from '../../src/components/testIds';
import {
  APP,
  expectCsvExport,
  expectPdfExport,
  expectXlsxExport,
  exportAs,
  filterArea,
  PORTAL_CATALOG,
  PORTAL_DS,
} from './support';

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
    await expectPdfExport(page, (name) => info.outputPath(name));
  });

  test('Excel: one row per KPI shown, figures as numbers', async ({ page }) => {
    await expectXlsxExport(page);
  });

  test('CSV of a filtered page: only the KPIs it shows, every figure', async ({ page }) => {
    await filterArea(page, 'Operational Excellence', OPS.length);
    await expectCsvExport(
      page,
      OPS.map((k) => k.id)
    );
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
