import { expect, Page, test } from '@playwright/test';
import { testIds } from '../../src/components/testIds';
import { APP, availability, PORTAL_CATALOG, PORTAL_DS } from './support';

/*
 * The plugin as `npm run build` ships it (dist/), in a Grafana-like host: SystemJS loads
 * dist/module.js from public/plugins/<app id>/ with Grafana's packages as its externals, and the
 * data source's dist/datasource/module.js when the page asks for the data source
 * (tests/harness/client/production.tsx). The same API stand-in and database as the other specs.
 */

test.use({ baseURL: process.env.HARNESS_PRODUCTION_URL });

const PLUGIN = '/public/plugins/openkpi-scorecard-app';

/** The paths the page fetched, and what answered (status) — to tell which host ran. */
function recordRequests(page: Page): Map<string, number> {
  const seen = new Map<string, number>();
  page.on('response', (r) => seen.set(new URL(r.url()).pathname, r.status()));
  return seen;
}

test.describe('Plugin build (dist/) in a Grafana-like host', () => {
  test('the scorecard from dist/module.js lists every KPI with its figures', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const seen = recordRequests(page);

    await page.goto(`${APP}/scorecard?ds=${PORTAL_DS}`);
    const rows = page.getByTestId(testIds.scorecard.row);
    await expect(rows).toHaveCount(PORTAL_CATALOG.kpis.length);
    await expect(page.getByRole('heading', { name: 'Scorecard' })).toBeVisible();
    await expect(
      page
        .locator(`[data-testid="${testIds.scorecard.row}"][data-kpi="platform_availability"]`)
        .getByTestId(testIds.scorecard.value)
    ).toHaveText(`${(await availability()).toFixed(2)}%`);

    // The build ran, not the source: the app's and the data source's module.js, where Grafana
    // serves them (a nested plugin under its parent's path), and no harness bundle of src/.
    expect(seen.get(`${PLUGIN}/module.js`)).toBe(200);
    expect(seen.get(`${PLUGIN}/datasource/module.js`)).toBe(200);
    expect(seen.has('/public/build/harness.js')).toBe(false);
    // Every file of the build and every API call answered (the chunks come from the app's path).
    const failed = [...seen].filter(([p, status]) => /^\/(public\/plugins|api)\//.test(p) && status >= 400);
    expect(failed).toEqual([]);
    expect([...seen.keys()].filter((p) => p.startsWith(`${PLUGIN}/`)).length).toBeGreaterThan(2);
    expect(errors).toEqual([]);
  });
});
