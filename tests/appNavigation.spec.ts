import { test, expect } from './fixtures';
import { ROUTES } from '../src/constants';
import { testIds } from '../src/components/testIds';

test.describe('navigating app', () => {
  test('the catalog page renders by default', async ({ gotoPage, page }) => {
    await gotoPage();
    await expect(page.getByTestId(testIds.catalog.container)).toBeVisible();
  });

  test('the catalog page lists OpenKPI data sources or says there is none', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Catalog}`);
    const sourceOrNone = page.getByTestId(testIds.catalog.source).or(page.getByTestId(testIds.catalog.noSources));
    await expect(sourceOrNone.first()).toBeVisible();
  });

  test('an unknown KPI shows a clear message', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Kpi}/no_such_kpi?from=now-7d&to=now`);
    await expect(page.getByTestId(testIds.kpi.unknown)).toBeVisible();
    await expect(page.getByText('There is no KPI "no_such_kpi"', { exact: false })).toBeVisible();
  });

  test('the KPI page links back to the catalog', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Kpi}/no_such_kpi`);
    await page.getByRole('link', { name: 'All KPIs' }).click();
    await expect(page.getByTestId(testIds.catalog.container)).toBeVisible();
  });
});
