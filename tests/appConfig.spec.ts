import { test, expect } from './fixtures';

// Runs against a real Grafana (npm run server); the app has no settings of its own.
test('the configuration page says how to add an OpenKPI data source', async ({ appConfigPage, page }) => {
  await expect(page.getByRole('link', { name: /Add OpenKPI data source/i })).toBeVisible();
  await expect(page.getByRole('link', { name: /Open the KPI catalog/i })).toBeVisible();
  expect(appConfigPage).toBeTruthy();
});
