import { expect, Page, test } from '@playwright/test';
import { testIds } from '../../src/components/testIds';
import {
  APP,
  availability,
  expectCsvExport,
  expectPdfExport,
  expectXlsxExport,
  filterArea,
  PORTAL_CATALOG,
  PORTAL_DS,
} from './support';

/*
 * The plugin as `npm run build` ships it (dist/), in a Grafana-like host: SystemJS loads
 * dist/module.js from public/plugins/<app id>/ with Grafana's packages as its externals, and the
 * data source's dist/datasource/module.js when the page asks for the data source
 * (tests/harness/client/production.tsx). The same API stand-in and database as the other specs;
 * the exports' libraries (pdfkit, exceljs) come from the build's own chunks. Besides the scorecard,
 * a KPI's page: opened by its URL, and through the scorecard's link, as Grafana routes app pages.
 */

test.use({ baseURL: process.env.HARNESS_PRODUCTION_URL });

const PLUGIN = '/public/plugins/openkpi-scorecard-app';
const OPS = PORTAL_CATALOG.kpis.filter((k) => k.area === 'Operational Excellence');

/** What the page fetched (path → status) and the errors it threw. */
interface PageLog {
  responses: Map<string, number>;
  errors: string[];
}

function watch(page: Page): PageLog {
  const log: PageLog = { responses: new Map(), errors: [] };
  page.on('response', (r) => log.responses.set(new URL(r.url()).pathname, r.status()));
  page.on('pageerror', (e) => log.errors.push(e.message));
  return log;
}

/** The build's chunks the page loaded so far. */
const chunks = (log: PageLog) => [...log.responses.keys()].filter((p) => /^\/public\/plugins\/[^/]+\/\d+\.js$/.test(p));

/** Every file of the build and every API call answered, and the page threw nothing. */
function expectClean(log: PageLog) {
  const failed = [...log.responses].filter(([p, status]) => /^\/(public\/plugins|api)\//.test(p) && status >= 400);
  expect(failed).toEqual([]);
  expect(log.errors).toEqual([]);
}

test.describe('Plugin build (dist/) in a Grafana-like host', () => {
  let log: PageLog;

  test.beforeEach(async ({ page }) => {
    log = watch(page);
    await page.goto(`${APP}/scorecard?ds=${PORTAL_DS}`);
    await expect(page.getByTestId(testIds.scorecard.row)).toHaveCount(PORTAL_CATALOG.kpis.length);
  });

  test.afterEach(() => expectClean(log));

  test('the scorecard from dist/module.js lists every KPI with its figures', async ({ page }, info) => {
    await expect(page.getByRole('heading', { name: 'Scorecard' })).toBeVisible();
    await expect(
      page
        .locator(`[data-testid="${testIds.scorecard.row}"][data-kpi="platform_availability"]`)
        .getByTestId(testIds.scorecard.value)
    ).toHaveText(`${(await availability()).toFixed(2)}%`);

    // The build ran, not the source: the app's and the data source's module.js where Grafana
    // serves them (a nested plugin under its parent's path), their chunks from the app's path,
    // and no harness bundle of src/.
    expect(log.responses.get(`${PLUGIN}/module.js`)).toBe(200);
    expect(log.responses.get(`${PLUGIN}/datasource/module.js`)).toBe(200);
    expect(
      [...log.responses.keys()].filter((p) => /^\/public\/plugins\/[^/]+\/\d+\.js$/.test(p)).length
    ).toBeGreaterThan(0);
    expect(log.responses.has('/public/build/harness.js')).toBe(false);

    // The page as the build renders it (test-results/browser/…/scorecard.png).
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: info.outputPath('scorecard.png') });
  });

  test('PDF export from the build: every KPI, the figures the page shows', async ({ page }, info) => {
    const before = chunks(log);
    await expectPdfExport(page, (name) => info.outputPath(name));
    // pdfkit: a chunk of the build, fetched when exporting.
    expect(chunks(log).filter((c) => !before.includes(c)).length).toBeGreaterThan(0);
  });

  test('Excel export from the build: one row per KPI, figures as numbers', async ({ page }) => {
    const before = chunks(log);
    await expectXlsxExport(page);
    // exceljs: a chunk of the build, fetched when exporting.
    expect(chunks(log).filter((c) => !before.includes(c)).length).toBeGreaterThan(0);
  });

  test('CSV export from the build of a filtered page: only the KPIs it shows', async ({ page }) => {
    await filterArea(page, 'Operational Excellence', OPS.length);
    await expectCsvExport(
      page,
      OPS.map((k) => k.id)
    );
  });

  test("a KPI's name on the scorecard opens its page, as Grafana routes a link within the app", async ({ page }) => {
    await page
      .locator(`[data-testid="${testIds.scorecard.row}"][data-kpi="platform_availability"]`)
      .getByRole('link', { name: 'Platform availability' })
      .click();
    await expect(page).toHaveURL(
      (url) => url.pathname === `${APP}/kpi/platform_availability` && url.searchParams.get('ds') === PORTAL_DS
    );
    await expectKpiPage(page);
  });
});

/** The KPI page of platform availability: its value by hand, its trend drawn. */
async function expectKpiPage(page: Page) {
  const figures = page.getByTestId(testIds.kpi.figures);
  await expect(figures.getByRole('heading', { name: 'Value' }).locator('..')).toContainText(
    `${(await availability()).toFixed(2)}%`
  );
  await expect(page.getByTestId(testIds.kpi.trend).locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId(testIds.kpi.error)).toHaveCount(0);
}

test.describe("A KPI's page from the plugin build", () => {
  test('opened by its URL (/a/<app id>/kpi/<id>): the value and trend from dist/', async ({ page }, info) => {
    const log = watch(page);
    await page.goto(`${APP}/kpi/platform_availability?ds=${PORTAL_DS}`);
    await expect(page.getByRole('heading', { name: 'Platform availability' })).toBeVisible();
    await expectKpiPage(page);
    // The page's chunk came from the build, not the harness's bundle of src/.
    expect(log.responses.get(`${PLUGIN}/module.js`)).toBe(200);
    expect(chunks(log).length).toBeGreaterThan(0);
    expect(log.responses.has('/public/build/harness.js')).toBe(false);
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: info.outputPath('kpi.png'), fullPage: true });
    expectClean(log);
  });
});
