/** What the specs share: the harness's pages and database, and where screenshots go. */
import { expect, Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { uids } from '../../src/generators/uid';

export const APP = '/a/openkpi-scorecard-app';
/** The KPI data source of examples/service-portal in the harness. */
export const PORTAL_DS = uids.kpiDatasource('service-portal');

export const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
/** plugin.json's screenshots: the plugin build copies them from src/ into dist/. */
export const PLUGIN_SCREENSHOTS = path.resolve(__dirname, '../../src/img/screenshots');

/** Runs hand-written SQL on the harness's database (expected numbers never come from our compiler). */
export async function sql<T = Record<string, unknown>>(text: string): Promise<T[]> {
  const client = new Client({ connectionString: process.env.HARNESS_DB_URL });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Saves a screenshot for the README once the page has settled (fonts loaded, no spinner). */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  await page.evaluate(() => document.fonts.ready);
  await expect(page.getByText(/Evaluating|Loading/)).toHaveCount(0);
  const png = await page.screenshot({ fullPage: options.fullPage ?? false });
  for (const dir of [SCREENSHOTS, PLUGIN_SCREENSHOTS]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${name}.png`), png);
  }
}
