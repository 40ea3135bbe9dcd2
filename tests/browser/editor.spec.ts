import { expect, test } from '@playwright/test';
import { testIds } from '../../src/components/testIds';
import { uids } from '../../src/generators/uid';
import { APP, screenshot, sql } from './support';

/** The VPS automation catalog: saving into it leaves the service portal the other specs count intact. */
const VPS_DS = uids.kpiDatasource('vps-automation');

test.describe('KPI editor', () => {
  test('a KPI from a template previews on real data, shows problems, and once saved is on the scorecard', async ({
    page,
  }) => {
    await page.goto(`${APP}/editor?ds=${VPS_DS}`);
    await page.getByLabel('Start from a template').click();
    await page.getByRole('option', { name: /Success rate/ }).click();
    const field = (path: string) => page.getByTestId(testIds.editor.field(path));
    await expect(field('id')).toHaveValue('success_rate');

    // The template reads the first source (tasks, vps.lifecycle_tasks): by hand, the last 7 days' share succeeded.
    const [{ rate }] = await sql<{ rate: number }>(`
      SELECT 100.0 * count(*) FILTER (WHERE status = 'succeeded') / count(*) AS rate
      FROM vps.lifecycle_tasks
      WHERE completed_at >= now() - interval '7 days' AND completed_at < now()`);
    await expect(page.getByTestId(testIds.editor.previewValue)).toHaveText(`${Number(rate).toFixed(1)}%`);
    const paged = page.getByTestId(testIds.editor.paged);
    await expect(paged).toContainText(/would (not )?have paged/);
    const before = await paged.textContent();

    // Thresholds far below any rate: the preview follows and never pages.
    await field('thresholds.warning').fill('1');
    await field('thresholds.critical').fill('0.5');
    await expect(paged).toContainText('would not have paged in the last 90 days');
    expect(before).not.toBe(await paged.textContent());

    // A bad field: the core's message on it as you type, and a marker in the YAML at its line.
    await field('window').fill('7x');
    await expect(page.getByTestId(testIds.editor.form)).toContainText('invalid window "7x"');
    await page.getByText(/^YAML \(1 problems\)/).click();
    const yaml = page.getByTestId(testIds.editor.yaml);
    await expect(yaml.locator('.monaco-editor')).toBeVisible();
    await expect(yaml.locator('.squiggly-error').first()).toBeAttached();
    await page.getByText(/^Form/).click();
    await field('window').fill('7d');
    await field('thresholds.warning').fill('90');
    await field('thresholds.critical').fill('80');
    await expect(page.getByTestId(testIds.editor.paged)).toBeVisible();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'editor');

    await page.getByTestId(testIds.editor.save).click();
    await expect(page.getByTestId(testIds.editor.saved)).toBeVisible();
    await page.goto(`${APP}/scorecard?ds=${VPS_DS}`);
    await expect(page.locator(`[data-testid="${testIds.scorecard.row}"][data-kpi="success_rate"]`)).toBeVisible();
  });
});
