import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { testIds } from '../../src/components/testIds';
import { KEY_RESULT_STATUS_NAMES } from '../../src/core/rules/keyResultStatus';
import { uids } from '../../src/generators/uid';
import { APP, screenshot } from './support';

const VPS_DS = uids.kpiDatasource('vps-automation');

interface CatalogObjectives {
  objectives: Array<{ id: string; title: string; keyResults: Array<{ kpi: string }> }>;
}

test.describe('Objectives', () => {
  test('shows every objective of the VPS catalog with its key results, progress and status', async ({ page }) => {
    const catalog = parse(
      readFileSync(path.resolve(__dirname, '../../examples/vps-automation/catalog.yaml'), 'utf8')
    ) as CatalogObjectives;
    await page.goto(`${APP}/objectives?ds=${VPS_DS}`);
    const objectives = page.getByTestId(testIds.objectives.objective);
    await expect(objectives).toHaveCount(catalog.objectives.length);
    for (const [i, o] of catalog.objectives.entries()) {
      const card = objectives.nth(i);
      await expect(card).toContainText(o.title);
      await expect(card.getByTestId(testIds.objectives.keyResult)).toHaveCount(o.keyResults.length);
      await expect(card.getByRole('meter')).toHaveCount(o.keyResults.length);
    }
    const names = Object.values(KEY_RESULT_STATUS_NAMES);
    for (const text of await page.getByTestId(testIds.objectives.status).allTextContents()) {
      expect(names).toContain(text);
    }
    await screenshot(page, 'objectives', { fullPage: true });

    // A key result links to its KPI's page.
    const first = catalog.objectives[0].keyResults[0].kpi;
    await objectives.first().getByTestId(testIds.objectives.keyResult).first().getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`/kpi/${first}\\?ds=`));
    await expect(page.getByTestId(testIds.kpi.figures)).toBeVisible();
  });
});
