import { expect, test } from '@playwright/test';
import { testIds } from '../../src/components/testIds';
import { APP, PORTAL_DS, screenshot, sql } from './support';

test.describe('KPI page', () => {
  test('shows the success rate with its status, comparison, trend, breakdown and schedule', async ({ page }) => {
    await page.goto(`${APP}/kpi/provisioning_success_rate?ds=${PORTAL_DS}&from=now-90d&to=now`);
    const figures = page.getByTestId(testIds.kpi.figures);
    await expect(figures).toBeVisible();
    await expect(page.getByTestId(testIds.kpi.sentence)).toContainText(
      'over the last 30 days (30d), higher is better, target 95.0%'
    );

    // By hand: succeeded / not cancelled runs over the last 30 days, and the 30 days before.
    const [{ now, before }] = await sql<{ now: number; before: number }>(`
      SELECT 100.0 * count(*) FILTER (WHERE status = 'succeeded' AND finished_at >= now() - interval '30 days')
               / nullif(count(*) FILTER (WHERE finished_at >= now() - interval '30 days'), 0) AS now,
             100.0 * count(*) FILTER (WHERE status = 'succeeded' AND finished_at < now() - interval '30 days')
               / nullif(count(*) FILTER (WHERE finished_at < now() - interval '30 days'), 0) AS before
      FROM portal.provisioning_runs
      WHERE status <> 'cancelled' AND finished_at >= now() - interval '60 days' AND finished_at < now()`);
    const value = figures.getByRole('heading', { name: 'Value' }).locator('..');
    await expect(value).toContainText(`${Number(now).toFixed(1)}%`);
    const status = Number(now) < 90 ? 'Critical' : Number(now) < 95 ? 'Warning' : 'OK';
    await expect(figures.getByTestId(testIds.kpi.status).first()).toHaveText(status);
    await expect(page.getByTestId(testIds.kpi.comparison)).toContainText(
      `vs the 30d before${Number(before).toFixed(1)}%`
    );

    // The trend is drawn (uPlot's canvas), with its legend.
    const trend = page.getByTestId(testIds.kpi.trend);
    await expect(trend.locator('canvas').first()).toBeVisible();
    await expect(trend).toContainText('Target');
    await expect(trend).toContainText('Critical');

    // One breakdown per dimension of the runs source.
    for (const dimension of ['template', 'team', 'environment', 'status']) {
      await expect(page.getByTestId(testIds.kpi.breakdown(dimension))).toBeVisible();
    }
    await expect(page.getByTestId(testIds.kpi.schedule)).toContainText('in force');
    await expect(page.getByTestId(testIds.kpi.sql)).toBeVisible();
    await screenshot(page, 'kpi', { fullPage: true });
  });
});
