import { expect, test } from '@playwright/test';
import { STATUSES, statusInfo } from '../../src/core/rules/status';
import { testIds } from '../../src/components/testIds';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { APP, PORTAL_DS, screenshot, sql } from './support';

/** The service portal's KPIs as its catalog lists them (the examples evolve; the counts follow). */
const PORTAL_KPIS = (
  parse(readFileSync(path.resolve(__dirname, '../../examples/service-portal/catalog.yaml'), 'utf8')) as {
    kpis: Array<{ id: string; area?: string }>;
  }
).kpis;
const OPS = PORTAL_KPIS.filter((k) => k.area === 'Operational Excellence').length;

const row = (kpi: string) => `[data-testid="${testIds.scorecard.row}"][data-kpi="${kpi}"]`;

test.describe('Scorecard', () => {
  test('shows every KPI of the service portal with its status and value, worst first', async ({ page }) => {
    await page.goto(`${APP}/scorecard?ds=${PORTAL_DS}`);
    const rows = page.getByTestId(testIds.scorecard.row);
    await expect(rows).toHaveCount(PORTAL_KPIS.length);
    await expect(page.getByRole('heading', { name: 'Scorecard' })).toBeVisible();

    // Platform availability, by hand: up checks / all checks outside maintenance over 30 days.
    const [{ availability }] = await sql<{ availability: number }>(`
      SELECT 100.0 * count(*) FILTER (WHERE is_up) / count(*) AS availability
      FROM portal.uptime_checks
      WHERE NOT planned_maintenance AND checked_at >= now() - interval '30 days' AND checked_at < now()`);
    const availabilityRow = page.locator(row('platform_availability'));
    await expect(availabilityRow.getByTestId(testIds.scorecard.value)).toHaveText(
      `${Number(availability).toFixed(2)}%`
    );
    await expect(availabilityRow).toContainText(Number(availability) >= 99.9 ? 'OK' : /Warning|Critical/);

    // Worst first: the statuses down the list follow the data source's severity order.
    const statuses = await rows.locator(`[data-testid="${testIds.kpi.status}"]`).allTextContents();
    const rank = (text: string) => STATUSES.findIndex((s) => statusInfo(s).name === text);
    expect(statuses.every((s) => rank(s) >= 0)).toBe(true);
    expect(statuses.map(rank)).toEqual(statuses.map(rank).sort((a, b) => a - b));
    expect(statuses).toContain('OK');

    // The counts at the top add up to the list.
    const counts = await page.getByTestId(testIds.scorecard.counts).locator('button').allTextContents();
    const total = counts
      .filter((c) => !c.endsWith('Stale'))
      .map((c) => parseInt(c, 10))
      .reduce((a, b) => a + b, 0);
    expect(total).toBe(PORTAL_KPIS.length);

    await screenshot(page, 'scorecard');
  });

  test('filters narrow the list and are kept in the URL', async ({ page }) => {
    await page.goto(`${APP}/scorecard?ds=${PORTAL_DS}`);
    const rows = page.getByTestId(testIds.scorecard.row);
    await expect(rows).toHaveCount(PORTAL_KPIS.length);

    await page.getByLabel('Area').click();
    await page.getByRole('option', { name: 'Operational Excellence' }).click();
    await expect(rows).toHaveCount(OPS);
    await expect(page).toHaveURL(/area=Operational\+Excellence/);

    await page.getByPlaceholder(/Search KPIs/).fill('MTTR');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('Mean time to recovery (MTTR)');
    await expect(page).toHaveURL(/q=MTTR/);

    // A reload keeps the filters.
    await page.reload();
    await expect(rows).toHaveCount(1);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(rows).toHaveCount(PORTAL_KPIS.length);
  });
});
