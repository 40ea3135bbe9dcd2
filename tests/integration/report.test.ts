/** @jest-environment node */
import ExcelJS from 'exceljs';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { migrate } from '../../src/cli/migrate';
import { parseCatalog } from '../../src/core/catalog/parse';
import { SqlRunner } from '../../src/core/evaluation/runner';
import { buildCatalogReport } from '../../src/reports/build';
import type { Report } from '../../src/reports/model';
import { renderReport } from '../../src/reports/render';
import { CSV_COLUMNS } from '../../src/reports/render/csv';
import { SMTPServer } from 'smtp-server';
import { createTestDatabase, TestDatabase } from '../support/db';

/*
 * Reports on the service-portal demo data, loaded as of a fixed instant (data.sql dates its rows
 * relative to now(); the test pins that now), so every format can be compared with a golden file.
 * After an intended change of a report's look or of the example: UPDATE_GOLDEN=1 npx jest tests/integration/report.test.ts
 */

const ROOT = path.join(__dirname, '..', '..');
const GOLDEN = path.join(ROOT, 'tests', 'golden', 'reports');
const DATA_NOW = '2026-03-18T10:15:00Z';
const CATALOG_FILE = path.join(ROOT, 'examples', 'service-portal', 'catalog.yaml');

/** The PDF's text, extracted by pdf-parse in a child process. */
function pdfText(pdf: Uint8Array): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'openkpi-pdf-')), 'report.pdf');
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync(process.execPath, [path.join(ROOT, 'tests', 'support', 'pdfText.cjs'), file], {
      encoding: 'utf8',
    });
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

/** Runs the built CLI against the test database. */
function runCli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin', 'openkpi.cjs'), ...args],
      { env: { ...process.env, DATABASE_URL: db.url, ...env }, cwd: ROOT },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr })
    );
  });
}

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
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT });
  db = await createTestDatabase();
  await migrate(db.client);
  runner = { query: async (sql) => (await db.client.query(sql)).rows };
  const sql = fs.readFileSync(path.join(ROOT, 'examples', 'service-portal', 'data.sql'), 'utf8');
  await db.client.query(sql.replace(/now\(\)/g, `'${DATA_NOW}'::timestamptz`));
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
       ORDER BY time, kpi`
    );
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

describe('openkpi report --email', () => {
  let server: SMTPServer;
  let port: number;
  let received: Array<{ from: string; to: string[]; raw: string }>;
  let refuse: boolean;

  beforeAll(async () => {
    received = [];
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        callback(refuse ? Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }) : undefined);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received = [];
    refuse = false;
  });

  const smtp = () => ({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_FROM: 'kpi@example.com' });

  test('sends one message: HTML body, plain-text part and the PDF attached', async () => {
    const res = await runCli(
      [
        'report',
        CATALOG_FILE,
        '--period',
        'month',
        '--at',
        DATA_NOW,
        '--format',
        'pdf',
        '--email',
        '--to',
        'cfo@example.com',
      ],
      smtp()
    );
    expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: '' });
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail.from).toBe('kpi@example.com');
    expect(mail.to).toEqual(['cfo@example.com']);
    expect(mail.raw).toMatch(/^Subject: KPI report: Open Service Portal, February 2026/m);
    expect(mail.raw).toMatch(/Content-Type: text\/plain/);
    expect(mail.raw).toMatch(/Content-Type: text\/html/);
    expect(mail.raw).toMatch(/Content-Type: application\/pdf; name=service-portal-month-2026-01-31.pdf/);
  }, 120_000);

  test('a refused recipient is one line, exit 4, and nothing delivered', async () => {
    refuse = true;
    const res = await runCli(
      ['report', CATALOG_FILE, '--period', 'month', '--at', DATA_NOW, '--email', '--to', 'nobody@example.com'],
      smtp()
    );
    expect(res.code).toBe(4);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/^openkpi: e-mail not sent: .*mailbox unavailable/);
    expect(received).toEqual([]);
  }, 120_000);

  test('an SMTP server that is not there is one line and exit 4', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = new SMTPServer({ disabledCommands: ['STARTTLS'], logger: false });
      probe.listen(0, '127.0.0.1', () => {
        const p = (probe.server.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    const res = await runCli(
      ['report', CATALOG_FILE, '--period', 'day', '--at', DATA_NOW, '--email', '--to', 'a@example.com'],
      {
        ...smtp(),
        SMTP_PORT: String(closed),
      }
    );
    expect(res.code).toBe(4);
    expect(res.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^openkpi: e-mail not sent: .*ECONNREFUSED/)]);
  }, 120_000);
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
  });
});
