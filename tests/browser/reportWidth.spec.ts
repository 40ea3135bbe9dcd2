import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { migrate } from '../../src/cli/migrate';

/*
 * The HTML report in a mail window: `openkpi report` (the built CLI) renders the month and quarter
 * reports of two examples whose figures are the widest, and at 600 px (a narrow mail client) and
 * 1000 px nothing scrolls sideways and no table cell cuts its content. The demo data is loaded
 * into a database of its own on the harness's PostgreSQL, dated as if now() were DATA_NOW, so the
 * reports are the same on every run. Screenshots: test-results/browser/…/<report>-<width>[-full].png.
 */

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLES = ['product-suite', 'accounting-saas'];
const PERIODS = ['month', 'quarter'];
const WIDTHS = [600, 1000];
/** data.sql dates its rows from now(): pinned here (and the reports' --at). */
const DATA_NOW = '2026-11-18T10:15:00Z';
const DATABASE = 'openkpi_report_width';

const reports = new Map<string, string>();
let dir: string;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const admin = new Client({ connectionString: process.env.HARNESS_DB_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  const url = new URL(process.env.HARNESS_DB_URL!);
  url.pathname = `/${DATABASE}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await migrate(client);
    for (const example of EXAMPLES) {
      const sql = readFileSync(path.join(ROOT, 'examples', example, 'data.sql'), 'utf8');
      await client.query(sql.replace(/now\(\)/g, `'${DATA_NOW}'::timestamptz`));
    }
  } finally {
    await client.end();
  }
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT });
  dir = mkdtempSync(path.join(os.tmpdir(), 'openkpi-report-width-'));
  for (const example of EXAMPLES) {
    for (const period of PERIODS) {
      const out = path.join(dir, `${example}-${period}.html`);
      const catalog = path.join(ROOT, 'examples', example, 'catalog.yaml');
      execFileSync(
        process.execPath,
        [path.join(ROOT, 'bin/openkpi.cjs'), 'report', catalog, '--period', period, '--at', DATA_NOW, '--out', out],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: url.toString() } }
      );
      reports.set(`${example}-${period}`, readFileSync(out, 'utf8'));
    }
  }
});

test.afterAll(() => {
  if (dir) {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const example of EXAMPLES) {
  for (const period of PERIODS) {
    for (const width of WIDTHS) {
      test(`the ${period} report of ${example} fits ${width} px without cutting a figure`, async ({ page }, info) => {
        const name = `${example}-${period}`;
        await page.setViewportSize({ width, height: 900 });
        await page.setContent(reports.get(name)!);
        // Its first screen, as a reader opens it, and the whole report.
        await page.screenshot({ path: info.outputPath(`${name}-${width}.png`) });
        await page.screenshot({ path: info.outputPath(`${name}-${width}-full.png`), fullPage: true });
        const doc = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
        }));
        expect(doc.scrollWidth).toBeLessThanOrEqual(doc.clientWidth);
        const cells = await page.locator('td, th').evaluateAll((els) =>
          els
            .filter((e) => e.scrollWidth > e.clientWidth)
            .map((e) => ({
              text: (e.textContent ?? '').trim(),
              scrollWidth: e.scrollWidth,
              clientWidth: e.clientWidth,
            }))
        );
        expect(cells).toEqual([]);
        // Every table is as wide as its box at most (none pushed past the card's edge).
        const tables = await page
          .locator('table')
          .evaluateAll((els) =>
            els
              .filter(
                (t) =>
                  t.parentElement &&
                  t.getBoundingClientRect().right > t.parentElement.getBoundingClientRect().right + 0.5
              )
              .map((t) => (t.textContent ?? '').slice(0, 60))
          );
        expect(tables).toEqual([]);
        expect(await page.locator('svg[aria-label="trend"]').count()).toBeGreaterThan(5);
      });
    }
  }
}
