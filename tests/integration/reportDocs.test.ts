/** @jest-environment node */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { parse } from 'yaml';
import { migrate } from '../../src/cli/migrate';
import { createTestDatabase, TestDatabase } from '../support/db';
import { buildCli, PORTAL_CATALOG, ROOT } from '../support/reportDemo';

/*
 * docs/reports.md's commands, as written, in a shell: the examples at its top, every job of its
 * crontab and the CI job's report step. The catalog path is pointed at examples/service-portal,
 * `openkpi` is the built CLI on PATH, DATABASE_URL a database with every example's demo data, and
 * SMTP a real server on loopback that records what it receives.
 */

const DOC = fs.readFileSync(path.join(ROOT, 'docs', 'reports.md'), 'utf8');

/** The fenced blocks of one language, in order. */
function blocks(lang: string): string[] {
  return [...DOC.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

/** A documented command with the catalog it names pointed at an example. */
const onExample = (command: string) =>
  command
    .replace(/\/etc\/openkpi\/catalog\.yaml|(?<![/\w])catalog\.yaml/g, PORTAL_CATALOG)
    .replace(/^npx openkpi /, 'openkpi ');

interface Job {
  schedule: string;
  command: string;
}

/** The crontab's variables and jobs (`m h dom mon dow command`). */
function crontab(text: string): { env: Record<string, string>; jobs: Job[] } {
  const env: Record<string, string> = {};
  const jobs: Job[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    const variable = line.match(/^([A-Z_]+)=(.*)$/);
    const job = line.match(/^((?:\S+\s+){4}\S+)\s+(openkpi .*)$/);
    if (variable) {
      env[variable[1]] = variable[2];
    } else if (job) {
      jobs.push({ schedule: job[1].replace(/\s+/g, ' '), command: job[2] });
    }
  }
  return { env, jobs };
}

let db: TestDatabase;
let server: SMTPServer;
let smtpUrl: string;
let dir: string;
let received: Array<{ to: string[]; attachments: string[] }>;
/** The attachments' bytes, in the order they arrived. */
let files: Array<{ filename?: string; content: Buffer }>;

/** Runs a command line in bash from the checkout, with the built CLI on PATH. */
function sh(command: string, env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      'bash',
      ['-c', command],
      {
        cwd: dir,
        env: { PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`, HOME: dir, ...env, DATABASE_URL: db.url },
      },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr })
    );
  });
}

beforeAll(async () => {
  buildCli();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openkpi-report-docs-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.writeFileSync(
    path.join(dir, 'bin', 'openkpi'),
    `#!/bin/sh\nexec "${process.execPath}" "${ROOT}/bin/openkpi.cjs" "$@"\n`,
    {
      mode: 0o755,
    }
  );
  // The examples' glob in the docs (examples/*/catalog.yaml) is relative to the checkout.
  fs.symlinkSync(path.join(ROOT, 'examples'), path.join(dir, 'examples'));
  db = await createTestDatabase();
  await migrate(db.client);
  for (const example of fs.readdirSync(path.join(ROOT, 'examples')).sort()) {
    const data = path.join(ROOT, 'examples', example, 'data.sql');
    if (fs.existsSync(data)) {
      await db.client.query(fs.readFileSync(data, 'utf8'));
    }
  }
  server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (_auth, _session, callback) => callback(null, { user: 'reports' }),
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            attachments: mail.attachments.map((a) => a.contentType),
          });
          files.push(...mail.attachments.map((a) => ({ filename: a.filename, content: a.content })));
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  smtpUrl = `smtp://reports:secret@127.0.0.1:${(server.server.address() as { port: number }).port}`;
}, 180_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  received = [];
  files = [];
});

describe('docs/reports.md', () => {
  test('the examples at the top run as written', async () => {
    const lines = blocks('sh')[0].trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const res = await sh(onExample(line), { SMTP_URL: smtpUrl, SMTP_FROM: 'kpi@example.com' });
      expect({ line, code: res.code, stderr: res.stderr }).toEqual({ line, code: 0, stderr: '' });
    }
    expect(fs.statSync(path.join(dir, 'weekly.html')).size).toBeGreaterThan(1000);
    // All five examples in one PDF, named by the month the shell's date gives.
    const monthly = fs.readdirSync(dir).filter((f) => /^monthly-\d{4}-\d{2}\.pdf$/.test(f));
    expect(monthly).toHaveLength(1);
    expect(received).toEqual([
      { to: ['cfo@example.com'], attachments: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] },
    ]);

    // The quarter's workbook, read back as its reader would: the figures are the KPIs at the end of
    // the last complete quarter in the catalog's zone, as `openkpi eval --json` gives them there.
    const quarterStart = DateTime.now().setZone('Europe/Berlin').startOf('quarter');
    const end = quarterStart.toUTC().toISO();
    const last = quarterStart.minus({ quarters: 1 });
    expect(files[0].filename).toBe(`service-portal-quarter-${last.toFormat('yyyy-LL-dd')}.xlsx`);
    const evaluated = await sh(`openkpi eval ${PORTAL_CATALOG} --at ${end} --json`, {});
    expect(evaluated.stderr).toBe('');
    const kpis = (
      JSON.parse(evaluated.stdout) as {
        kpis: Array<{ id: string; value: number | null; target: number | null; status: string }>;
      }
    ).kpis;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(files[0].content as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'Scorecard',
      'Status changes',
      'Objectives',
      'Stale sources',
      'Notes',
    ]);
    const sheet = workbook.getWorksheet('Scorecard')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const cell = (row: ExcelJS.Row, title: string) => row.getCell(header.indexOf(title) + 1).value;
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2));
    const catalogKpis = (parse(fs.readFileSync(PORTAL_CATALOG, 'utf8')) as { kpis: Array<{ id: string }> }).kpis;
    expect(rows).toHaveLength(catalogKpis.length);
    expect(rows.map((r) => cell(r, 'KPI')).sort()).toEqual(kpis.map((k) => k.id).sort());
    const label = (status: string) => status.replace('_', ' ').replace(/^./, (c) => c.toUpperCase());
    for (const row of rows) {
      const k = kpis.find((x) => x.id === cell(row, 'KPI'))!;
      expect({ kpi: k.id, catalog: cell(row, 'Catalog'), period: cell(row, 'Period') }).toEqual({
        kpi: k.id,
        catalog: 'service-portal',
        period: `Q${last.quarter} ${last.year}`,
      });
      expect({ kpi: k.id, value: cell(row, 'Value'), target: cell(row, 'Target') }).toEqual({
        kpi: k.id,
        value: k.value,
        target: k.target,
      });
      expect({ kpi: k.id, status: String(cell(row, 'Status')).toLowerCase() }).toEqual({
        kpi: k.id,
        status: label(k.status).toLowerCase(),
      });
    }
  }, 300_000);

  test("every crontab job runs with the crontab's variables and mails its report", async () => {
    const { env, jobs } = crontab(blocks('cron')[0]);
    expect(Object.keys(env)).toEqual(['CRON_TZ', 'DATABASE_URL', 'SMTP_URL', 'SMTP_FROM']);
    expect(jobs.map((j) => j.schedule)).toEqual(['15 6 * * *', '30 6 * * 1', '0 7 1 * *', '0 7 1 1,4,7,10 *']);
    for (const job of jobs) {
      // cron sets the crontab's variables for the command; the test's database and SMTP server stand in.
      const res = await sh(onExample(job.command), { ...env, SMTP_URL: smtpUrl });
      expect({ job: job.command, code: res.code, stderr: res.stderr }).toEqual({
        job: job.command,
        code: 0,
        stderr: '',
      });
    }
    expect(received.map((r) => r.to[0])).toEqual([
      'ops@example.com',
      'team@example.com',
      'exec@example.com',
      'board@example.com',
    ]);
    expect(received.map((r) => r.attachments)).toEqual([
      [],
      [],
      ['application/pdf'],
      ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]);
  }, 300_000);

  test("the CI job's report step runs as written", async () => {
    const workflow = parse(blocks('yaml')[0]) as {
      on: { schedule: Array<{ cron: string }> };
      jobs: Record<string, { steps: Array<{ run?: string; env?: Record<string, string> }> }>;
    };
    expect(workflow.on.schedule[0].cron).toBe('30 5 * * 1');
    const step = Object.values(workflow.jobs)[0].steps.find((s) => s.run?.includes('openkpi report'))!;
    expect(Object.keys(step.env ?? {})).toEqual(['DATABASE_URL', 'SMTP_URL', 'SMTP_FROM']);
    const res = await sh(onExample(step.run!), { SMTP_URL: smtpUrl, SMTP_FROM: step.env!.SMTP_FROM });
    expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: '' });
    expect(received).toEqual([{ to: ['team@example.com'], attachments: ['application/pdf'] }]);
  }, 300_000);
});
