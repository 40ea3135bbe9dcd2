/** @jest-environment node */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { parseCatalog } from '../../src/core/catalog/parse';
import { SqlRunner } from '../../src/core/evaluation/runner';
import { buildCatalogReport } from '../../src/reports/build';
import type { Report } from '../../src/reports/model';
import { renderReport } from '../../src/reports/render';
import { CSV_COLUMNS } from '../../src/reports/render/csv';
import { escapeHtml } from '../../src/reports/render/html';
import { runningHeader } from '../../src/reports/render/pdf';
import { createTestDatabase, TestDatabase } from '../support/db';
import {
  buildCli,
  DATA_NOW,
  loadDemo,
  pdfText,
  PORTAL_CATALOG as CATALOG_FILE,
  ROOT,
  runCli as runCliOn,
} from '../support/reportDemo';

/*
 * Reports on the service-portal demo data, loaded as of a fixed instant (data.sql dates its rows
 * relative to now(); the test pins that now), so every format can be compared with a golden file.
 * After an intended change of a report's look or of the example: UPDATE_GOLDEN=1 npx jest tests/integration/report.test.ts
 * (--email: reportEmail.test.ts; the commands of docs/reports.md: reportDocs.test.ts.)
 */

const GOLDEN = path.join(ROOT, 'tests', 'golden', 'reports');
const runCli = (args: string[]) => runCliOn(db.url, args);

let db: TestDatabase;
let runner: SqlRunner;
let report: Report;

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.writeFileSync(file, actual);
  }
  if (!fs.existsSync(file)) {
    throw new Error(`missing golden file tests/golden/reports/${name}: run with UPDATE_GOLDEN=1 and review it`);
  }
  const expected = fs.readFileSync(file, 'utf8');
  if (actual !== expected) {
    // Line by line, so the diff shows what changed; the first line says how to accept an intended change.
    const header = `tests/golden/reports/${name} (UPDATE_GOLDEN=1 if the change is intended)`;
    expect([header, ...actual.split('\n')]).toEqual([header, ...expected.split('\n')]);
  }
}

function catalog() {
  const parsed = parseCatalog(fs.readFileSync(CATALOG_FILE, 'utf8'), CATALOG_FILE);
  if (!parsed.catalog) {
    throw new Error('service-portal catalog does not validate');
  }
  return parsed.catalog;
}

beforeAll(async () => {
  buildCli();
  db = await createTestDatabase();
  await loadDemo(db, ['service-portal', 'vps-automation']);
  runner = { query: async (sql) => (await db.client.query(sql)).rows };
  report = { catalogs: [await buildCatalogReport(catalog(), { period: 'month', at: new Date(DATA_NOW) }, runner)] };
});

afterAll(async () => {
  await db?.drop();
});

describe('the monthly report of service-portal', () => {
  test('covers the last complete month in the catalog zone, evaluated at its end', () => {
    const r = report.catalogs[0];
    expect(r.period.label).toBe('February 2026');
    // Berlin is UTC+1 in February: the month is [Jan 31 23:00Z, Feb 28 23:00Z).
    expect(r.period.start.toISOString()).toBe('2026-01-31T23:00:00.000Z');
    expect(r.period.end.toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(r.at).toBe('2026-02-28T23:00:00.000Z');
  });

  test('its figures are the KPIs at the period end (checked against hand-written SQL)', async () => {
    const [{ n }] = await db.query<{ n: string }>(
      `SELECT count(DISTINCT user_name) AS n FROM portal.user_actions
       WHERE acted_at >= '2026-02-01T00:00:00+01:00' AND acted_at < '2026-03-01T00:00:00+01:00'`
    );
    const line = report.catalogs[0].areas.flatMap((a) => a.kpis).find((l) => l.evaluation.id === 'active_developers');
    expect(line?.evaluation.value).toBe(Number(n));
    // One sparkline point per day of February, the last one the KPI's value.
    expect(line?.sparkline).toHaveLength(28);
    expect(line?.sparkline[27]).toBe(Number(n));
  });

  test('quotes the notes recorded during the period', async () => {
    const rows = await db.query<{ kpi: string; note: string }>(
      `SELECT kpi, note FROM openkpi.measurement
       WHERE time >= '2026-02-01T00:00:00+01:00' AND time < '2026-03-01T00:00:00+01:00' AND note <> ''
         AND kpi = ANY($1)
       ORDER BY time, kpi`,
      [
        catalog()
          .kpis.filter((k) => k.source === 'manual')
          .map((k) => k.id),
      ]
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(report.catalogs[0].notes.map((n) => [n.kpi, n.note])).toEqual(rows.map((r) => [r.kpi, r.note]));
  });

  test('groups KPIs by area, worst first, and counts every KPI once', () => {
    const r = report.catalogs[0];
    const lines = r.areas.flatMap((a) => a.kpis);
    expect(lines).toHaveLength(catalog().kpis.length);
    expect(r.counts.reduce((s, c) => s + c.count, 0)).toBe(lines.length);
    const order = ['critical', 'error', 'warning', 'no_data', 'ok'];
    for (const area of r.areas) {
      const ranks = area.kpis.map((l) => order.indexOf(l.evaluation.status));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    }
  });

  test('Markdown, HTML and CSV match their golden files', async () => {
    golden('service-portal-month.md', String((await renderReport(report, 'md')).content));
    golden('service-portal-month.html', String((await renderReport(report, 'html')).content));
    golden('service-portal-month.csv', String((await renderReport(report, 'csv')).content));
  });

  test('HTML is self-contained: no scripts, no external assets, inline SVG sparklines', async () => {
    const html = String((await renderReport(report, 'html')).content);
    expect(html).not.toMatch(/<script|<link|<img|url\(|src=/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThan(10);
  });

  test("the PDF's text matches its golden file", async () => {
    const pdf = (await renderReport(report, 'pdf')).content as Uint8Array;
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Open Service Portal');
    expect(text).toContain('February 2026');
    golden('service-portal-month.pdf.txt', text);
  });

  test('the XLSX reads back with one row per KPI and its figures as numbers', async () => {
    const xlsx = (await renderReport(report, 'xlsx')).content as Uint8Array;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'Scorecard',
      'Status changes',
      'Objectives',
      'Stale sources',
      'Notes',
    ]);
    const sheet = workbook.getWorksheet('Scorecard')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const kpiCol = header.indexOf('KPI') + 1;
    const valueCol = header.indexOf('Value') + 1;
    const lines = report.catalogs[0].areas.flatMap((a) => a.kpis);
    expect(sheet.rowCount).toBe(lines.length + 1);
    lines.forEach((line, i) => {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(kpiCol).value).toBe(line.evaluation.id);
      expect(row.getCell(valueCol).value).toBe(line.evaluation.value);
    });
    expect(workbook.getWorksheet('Notes')!.rowCount).toBe(report.catalogs[0].notes.length + 1);
  });

  test('CSV has one row per KPI and every column', async () => {
    const csv = String((await renderReport(report, 'csv')).content);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(catalog().kpis.length + 1);
  });

  test('the same --at gives the same report', async () => {
    const again = {
      catalogs: [await buildCatalogReport(catalog(), { period: 'month', at: new Date(DATA_NOW) }, runner)],
    };
    expect((await renderReport(again, 'md')).content).toBe((await renderReport(report, 'md')).content);
    const text = async (r: Report) => pdfText((await renderReport(r, 'pdf')).content as Uint8Array);
    expect(await text(again)).toBe(await text(report));
  });
});

describe('the weekly report of vps-automation (pace, objectives)', () => {
  const VPS_FILE = path.join(ROOT, 'examples', 'vps-automation', 'catalog.yaml');
  let weekly: Report;
  beforeAll(async () => {
    const parsed = parseCatalog(fs.readFileSync(VPS_FILE, 'utf8'), VPS_FILE);
    weekly = {
      catalogs: [await buildCatalogReport(parsed.catalog!, { period: 'week', at: new Date(DATA_NOW) }, runner)],
    };
  });

  test('a paced KPI says what it is on pace for, from the share of its month elapsed at the week end', async () => {
    const r = weekly.catalogs[0];
    // Week 11 in New York ends Monday March 16, 00:00 EDT; its month began March 1, 00:00 EST.
    expect(r.period.end.toISOString()).toBe('2026-03-16T04:00:00.000Z');
    const share =
      (Date.parse('2026-03-16T04:00:00Z') - Date.parse('2026-03-01T05:00:00Z')) /
      (Date.parse('2026-04-01T04:00:00Z') - Date.parse('2026-03-01T05:00:00Z'));
    const line = r.areas.flatMap((a) => a.kpis).find((l) => l.evaluation.id === 'manual_interventions')!;
    expect(line.evaluation.elapsedShare).toBeCloseTo(share, 9);
    const value = line.evaluation.value!;
    const md = String((await renderReport(weekly, 'md')).content);
    expect(md).toContain(`Manual Intervention Rate (devops); on pace for ${Math.round(value / share)} (`);
    const csv = String((await renderReport(weekly, 'csv')).content).split('\r\n');
    const row = csv.find((l) => l.includes(',manual_interventions,'))!.split(',');
    expect(Number(row[CSV_COLUMNS.indexOf('projected')])).toBeCloseTo(value / share, 9);
    expect(Number(row[CSV_COLUMNS.indexOf('elapsed_share')])).toBeCloseTo(share, 9);
  });

  test('lists the objectives; Markdown and PDF text match their golden files', async () => {
    expect(weekly.catalogs[0].objectives.map((o) => o.id)).toEqual([
      'automate_lifecycle',
      'reliable_portal',
      'error_handling',
    ]);
    golden('vps-automation-week.md', String((await renderReport(weekly, 'md')).content));
    golden('vps-automation-week.pdf.txt', pdfText((await renderReport(weekly, 'pdf')).content as Uint8Array));
  });
});

/** The text of each page of a PDF as pdf-parse prints it (it ends each page with "-- n of N --"). */
function pdfPages(pdf: Uint8Array): string[] {
  return pdfText(pdf)
    .split(/\n-- \d+ of \d+ --\n/)
    .slice(0, -1)
    .map((page) => page.trim());
}

/** The "- …" lines right under the line `heading` (a Markdown or PDF text list), or null without that heading. */
function listUnder(lines: string[], heading: string): string[] | null {
  const at = lines.indexOf(heading);
  if (at < 0) {
    return null;
  }
  const rest = lines.slice(at + 1);
  const start = rest.findIndex((l) => l.trim() !== '');
  const end = rest.findIndex((l, i) => i >= start && !l.startsWith('- '));
  return rest.slice(start, end < 0 ? undefined : end);
}

describe('a PDF page after the first says what it is', () => {
  test('its running header names the catalog and the period; every page says "Page n of N"', async () => {
    const pages = pdfPages((await renderReport(report, 'pdf')).content as Uint8Array);
    expect(pages.length).toBeGreaterThan(1);
    const header = runningHeader(report.catalogs[0]);
    expect(header).toBe('Open Service Portal · February 2026');
    pages.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
      // The first page has the title in large type instead.
      expect({ page: i + 1, header: page.includes(header) }).toEqual({ page: i + 1, header: i > 0 });
    });
  });
});

describe('a report of two catalogs (service-portal by month, vps-automation by week)', () => {
  let two: Report;
  beforeAll(async () => {
    const file = path.join(ROOT, 'examples', 'vps-automation', 'catalog.yaml');
    const vps = parseCatalog(fs.readFileSync(file, 'utf8'), file).catalog!;
    two = {
      catalogs: [report.catalogs[0], await buildCatalogReport(vps, { period: 'week', at: new Date(DATA_NOW) }, runner)],
    };
    // Both have notes, or a heading could not be told from the other's.
    expect(two.catalogs.map((c) => c.notes.length > 0)).toEqual([true, true]);
    expect(two.catalogs.map((c) => c.title)).toEqual(['Open Service Portal', 'VPS Provisioning Automation']);
  });

  /** A note as the Markdown and PDF lists write it, up to the time. */
  const noteLine = (n: { name: string }) => `- ${n.name}, `;

  test('Markdown: each catalog’s notes under a heading naming it', async () => {
    const lines = String((await renderReport(two, 'md')).content).split('\n');
    expect(lines).not.toContain('## Notes from manual measurements');
    for (const c of two.catalogs) {
      const listed = listUnder(lines, `## Notes from manual measurements: ${c.title}`);
      expect({ catalog: c.catalog, notes: listed?.length }).toEqual({ catalog: c.catalog, notes: c.notes.length });
      c.notes.forEach((n, i) => {
        expect(listed![i].startsWith(noteLine(n))).toBe(true);
        expect(listed![i].endsWith(`: ${n.note}`)).toBe(true);
      });
    }
  });

  test('HTML: each catalog’s notes under a heading naming it', async () => {
    const html = String((await renderReport(two, 'html')).content);
    expect(html).not.toContain('>Notes from manual measurements</h2>');
    for (const [i, c] of two.catalogs.entries()) {
      const heading = `>${escapeHtml(`Notes from manual measurements: ${c.title}`)}</h2>`;
      expect(html.split(heading)).toHaveLength(2);
      const list = html.split(heading)[1].split('</ul>')[0];
      for (const n of c.notes) {
        expect(list).toContain(`: ${escapeHtml(n.note)}</li>`);
      }
      // Not the other catalog's.
      for (const n of two.catalogs[1 - i].notes) {
        expect(list).not.toContain(escapeHtml(n.note));
      }
    }
  });

  test('PDF: each catalog’s notes under a heading naming it; each page says whose it is', async () => {
    const pdf = (await renderReport(two, 'pdf')).content as Uint8Array;
    const lines = pdfText(pdf).split('\n');
    expect(lines).not.toContain('Notes from manual measurements');
    for (const c of two.catalogs) {
      const listed = listUnder(lines, `Notes from manual measurements: ${c.title}`);
      expect({ catalog: c.catalog, notes: listed?.length }).toEqual({ catalog: c.catalog, notes: c.notes.length });
      c.notes.forEach((n, i) => {
        expect(listed![i].startsWith(noteLine(n))).toBe(true);
        expect(listed![i]).toContain(n.note);
      });
    }
    // Each catalog starts a page with its title; the pages after it carry its running header.
    const pages = pdfPages(pdf);
    let current = -1;
    const continued: string[] = [];
    pages.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
      const starts = two.catalogs.findIndex((c) => page.split('\n')[0] === c.title);
      if (starts >= 0) {
        current = starts;
      } else {
        expect(page).toContain(runningHeader(two.catalogs[current]));
        continued.push(two.catalogs[current].catalog);
      }
    });
    expect(continued).toEqual(['service-portal', 'vps-automation']);
  });

  test('the built CLI names each catalog’s notes: openkpi report A.yaml B.yaml', async () => {
    const vps = path.join(ROOT, 'examples', 'vps-automation', 'catalog.yaml');
    const res = await runCli(['report', CATALOG_FILE, vps, '--period', 'week', '--at', DATA_NOW, '--format', 'md']);
    expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: '' });
    expect(res.stdout).toContain('\n## Notes from manual measurements: VPS Provisioning Automation\n');
    expect(res.stdout).not.toContain('\n## Notes from manual measurements\n');
  }, 60_000);
});

describe('openkpi report (the built CLI)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openkpi-report-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = runCli;

  test('writes the format its --out file names', async () => {
    for (const ext of ['pdf', 'md']) {
      const out = path.join(dir, `r.${ext}`);
      const res = await run(['report', CATALOG_FILE, '--period', 'week', '--at', DATA_NOW, '--out', out]);
      expect({ ext, code: res.code, stderr: res.stderr }).toEqual({ ext, code: 0, stderr: '' });
      expect(fs.statSync(out).size).toBeGreaterThan(500);
    }
    expect(fs.readFileSync(path.join(dir, 'r.md'), 'utf8')).toContain('Week 11, 2026 (Mar 9 – Mar 15)');
    expect(pdfText(fs.readFileSync(path.join(dir, 'r.pdf')))).toContain('Week 11, 2026');
  }, 120_000);

  test('bad input is one line and exit 1, before anything is written', async () => {
    const noOut = await run(['report', CATALOG_FILE, '--period', 'month', '--format', 'pdf']);
    expect(noOut.code).toBe(1);
    expect(noOut.stderr.trim().split('\n')).toEqual(['openkpi: a pdf report needs --out FILE or --email']);
    const badPeriod = await run(['report', CATALOG_FILE, '--period', 'fortnight']);
    expect(badPeriod.code).toBe(1);
    expect(badPeriod.stderr.trim().split('\n')).toHaveLength(1);
    const noFrom = await run(['report', CATALOG_FILE, '--period', 'month', '--email', '--to', 'cfo@example.com']);
    expect(noFrom.code).toBe(1);
    expect(noFrom.stderr).toMatch(/^openkpi: --email: set SMTP_FROM/);
  });
});

describe('objectives in a report', () => {
  const OKR_CATALOG = `
apiVersion: openkpi/v1
name: okr-report
timezone: UTC
sources:
  deploys: { table: okr_report.deploys, time: at }
kpis:
  - id: deploys_per_week
    name: Deploys per week
    source: deploys
    window: 7d
    measure: { aggregate: count }
    target: 10
objectives:
  - id: ship_faster
    title: Ship faster
    owner: platform
    from: 2025-01-01
    keyResults:
      - kpi: deploys_per_week
        target: 10
        baseline: 2
        by: 2025-03-01
`;
  test('lists each objective with its key results at the period end', async () => {
    const parsed = parseCatalog(OKR_CATALOG, 'okr.yaml');
    expect(parsed.problems).toEqual([]);
    // 6 deploys in the 7 days before Feb 1 (the end of January's report).
    await db.query(`CREATE SCHEMA okr_report; CREATE TABLE okr_report.deploys (at timestamptz NOT NULL);
      INSERT INTO okr_report.deploys SELECT '2025-01-31T12:00:00Z'::timestamptz - make_interval(hours => g) FROM generate_series(0, 5) g;`);
    const r = await buildCatalogReport(
      parsed.catalog!,
      { period: 'month', at: new Date('2025-02-10T00:00:00Z') },
      runner
    );
    expect(r.objectives).toHaveLength(1);
    const [kr] = r.objectives[0].keyResults;
    // progress = 100 × (6 − 2) / (10 − 2) = 50; expected = 31 days of the 59 from Jan 1 to Mar 1 = 52.5: at risk.
    expect(kr.value).toBe(6);
    expect(kr.progress).toBeCloseTo(50, 10);
    expect(kr.expectedProgress).toBeCloseTo((100 * 31) / 59, 10);
    const md = String((await renderReport({ catalogs: [r] }, 'md')).content);
    expect(md).toContain('### Ship faster (platform): At risk, 50.0% done');
    expect(md).toContain('| Deploys per week | 6 | 10 | 2025-03-01 00:00 | 50.0% | 52.5% | At risk |');
    const html = String((await renderReport({ catalogs: [r] }, 'html')).content);
    expect(html).toContain('Ship faster');
    // The progress bar is inline SVG: mail clients drop CSS positioning.
    expect(html).not.toMatch(/position:/);
    expect(html).toContain('<rect x="0" y="2" width="50" height="10" rx="5" fill="');
  });
});
