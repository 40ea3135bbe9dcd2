/**
 * What the specs share: the harness's pages and database, the service portal's catalog, the
 * scorecard's exports, and where screenshots go.
 */
import { expect, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { parse } from 'yaml';
import { testIds } from '../../src/components/testIds';
import { uids } from '../../src/generators/uid';

const ROOT = path.resolve(__dirname, '../..');

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

/** examples/service-portal's catalog, as its file has it (the examples evolve; the specs follow). */
export const PORTAL_CATALOG = parse(readFileSync(path.join(ROOT, 'examples/service-portal/catalog.yaml'), 'utf8')) as {
  title: string;
  kpis: Array<{ id: string; name: string; area?: string }>;
};

/** The scorecard's KPI ids, in its order. */
export async function shownIds(page: Page): Promise<string[]> {
  const rows = page.getByTestId(testIds.scorecard.row);
  return (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-kpi')))) as string[];
}

/** Clicks Export → `label` and returns the downloaded file's name and bytes. */
export async function exportAs(page: Page, label: string): Promise<{ name: string; bytes: Buffer }> {
  await page.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: label }).click(),
  ]);
  const file = await download.path();
  expect(await download.failure()).toBeNull();
  return { name: download.suggestedFilename(), bytes: readFileSync(file) };
}

/** A PDF's text, as a reader extracts it. */
export function pdfText(file: string): string {
  return execFileSync(process.execPath, [path.join(ROOT, 'tests/support/pdfText.cjs'), file], { encoding: 'utf8' });
}

/** Platform availability over the last 30 days, by hand (the scorecard evaluates at now). */
export async function availability(): Promise<number> {
  const [{ a }] = await sql<{ a: number }>(`
    SELECT 100.0 * count(*) FILTER (WHERE is_up) / count(*) AS a FROM portal.uptime_checks
    WHERE NOT planned_maintenance AND checked_at >= now() - interval '30 days' AND checked_at < now()`);
  return Number(a);
}
