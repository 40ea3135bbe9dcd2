/** @jest-environment node */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerAuthentication } from 'smtp-server';
import { createTestDatabase, TestDatabase } from '../support/db';
import { buildCli, CliRun, DATA_NOW, loadDemo, pdfText, PORTAL_CATALOG, ROOT, runCli } from '../support/reportDemo';

/*
 * `openkpi report --email` against a real SMTP server on loopback (smtp-server): what arrives is
 * parsed as a mail client would (mailparser) and its parts and attachments are read back.
 */

const GOLDEN = path.join(ROOT, 'tests', 'golden', 'reports');
const USER = 'reports';
const PASSWORD = 's3cret';

interface Received {
  from: string;
  to: string[];
  mail: ParsedMail;
}

let db: TestDatabase;
let server: SMTPServer;
let port: number;
let received: Received[];
/** Recipients the server refuses (550). */
let refused: Set<string>;
/** Whether the server refuses MAIL FROM without a login (530). */
let requireAuth: boolean;

beforeAll(async () => {
  buildCli();
  db = await createTestDatabase();
  await loadDemo(db);
  server = new SMTPServer({
    // Credentials are checked when given; some tests require them (onMailFrom).
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth: SMTPServerAuthentication, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) {
        return callback(null, { user: USER });
      }
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onMailFrom(_address, session, callback) {
      if (requireAuth && !session.user) {
        return callback(Object.assign(new Error('Authentication required'), { responseCode: 530 }));
      }
      callback();
    },
    onRcptTo(address, _session, callback) {
      callback(
        refused.has(address.address)
          ? Object.assign(new Error('mailbox unavailable'), { responseCode: 550 })
          : undefined
      );
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            mail,
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.server.address() as { port: number }).port;
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await db?.drop();
});

beforeEach(() => {
  received = [];
  refused = new Set();
  requireAuth = false;
});

const smtp = (extra: Record<string, string> = {}) => ({
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(port),
  SMTP_FROM: 'OpenKPI <kpi@example.com>',
  ...extra,
});
const monthly = (...more: string[]) => ['report', PORTAL_CATALOG, '--period', 'month', '--at', DATA_NOW, ...more];
const golden = (name: string) => fs.readFileSync(path.join(GOLDEN, name), 'utf8');

/** A delivery that failed as it should: exit 4, one line on stderr matching `line`, nothing received. */
function expectNotSent(res: CliRun, line: RegExp): void {
  expect(res.code).toBe(4);
  expect(res.stderr.trim().split('\n')).toEqual([expect.stringMatching(line)]);
  expect(received).toEqual([]);
}

describe('openkpi report --email', () => {
  test('one message: the HTML report, its Markdown as the plain-text part, the PDF attached', async () => {
    requireAuth = true;
    const res = await runCli(
      db.url,
      monthly('--format', 'pdf', '--email', '--to', 'cfo@example.com', '--to', 'ceo@example.com'),
      smtp({ SMTP_USER: USER, SMTP_PASSWORD: PASSWORD })
    );
    expect({ code: res.code, stdout: res.stdout, stderr: res.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(received).toHaveLength(1);
    const [{ from, to, mail }] = received;
    expect(from).toBe('kpi@example.com');
    expect(to).toEqual(['cfo@example.com', 'ceo@example.com']);
    expect(mail.subject).toBe('KPI report: Open Service Portal, February 2026');
    expect(mail.from?.value).toEqual([{ name: 'OpenKPI', address: 'kpi@example.com' }]);
    // The plain-text part is the Markdown report, the HTML part the HTML report (golden files of report.test.ts).
    expect(mail.text?.trimEnd()).toBe(golden('service-portal-month.md').trimEnd());
    expect(String(mail.html).trimEnd()).toBe(golden('service-portal-month.html').trimEnd());
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['service-portal-month-2026-02-01.pdf', 'application/pdf'],
    ]);
    expect(pdfText(mail.attachments[0].content)).toBe(golden('service-portal-month.pdf.txt'));
  }, 120_000);

  test('an XLSX report arrives as a workbook that reads back', async () => {
    const res = await runCli(db.url, monthly('--format', 'xlsx', '--email', '--to', 'cfo@example.com'), smtp());
    expect(res.code).toBe(0);
    const [attachment] = received[0].mail.attachments;
    // February 2026 in Berlin: named by its first day there (it starts 2026-01-31 23:00 UTC).
    expect(attachment.filename).toBe('service-portal-month-2026-02-01.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(attachment.content as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Scorecard')!;
    const csvRows = golden('service-portal-month.csv').trimEnd().split('\r\n').length;
    expect(sheet.rowCount).toBe(csvRows);
  }, 120_000);

  test('an HTML report is the body, with no attachment; REPORT_TO names the recipients', async () => {
    const res = await runCli(db.url, monthly('--email'), smtp({ REPORT_TO: 'a@example.com, b@example.com' }));
    expect(res.code).toBe(0);
    expect(received[0].to).toEqual(['a@example.com', 'b@example.com']);
    expect(received[0].mail.attachments).toEqual([]);
    expect(String(received[0].mail.html).trimEnd()).toBe(golden('service-portal-month.html').trimEnd());
  }, 120_000);

  test('a server that requires a login it did not get: one line, exit 4, nothing delivered', async () => {
    requireAuth = true;
    const res = await runCli(db.url, monthly('--email', '--to', 'cfo@example.com'), smtp());
    expectNotSent(res, /^openkpi: e-mail not sent: .*Authentication required/);
  }, 120_000);

  test('a wrong password: one line, exit 4, nothing delivered', async () => {
    const res = await runCli(
      db.url,
      monthly('--email', '--to', 'cfo@example.com'),
      smtp({ SMTP_USER: USER, SMTP_PASSWORD: 'wrong' })
    );
    expectNotSent(res, /^openkpi: e-mail not sent: .*Invalid login/);
  }, 120_000);

  test('a refused recipient: one line, exit 4, nothing delivered', async () => {
    refused = new Set(['nobody@example.com']);
    const res = await runCli(db.url, monthly('--email', '--to', 'nobody@example.com'), smtp());
    expectNotSent(res, /^openkpi: e-mail not sent: .*mailbox unavailable/);
  }, 120_000);

  test('one of two recipients refused: exit 4 and a line that says who did and did not get it', async () => {
    refused = new Set(['nobody@example.com']);
    const res = await runCli(
      db.url,
      monthly('--email', '--to', 'cfo@example.com', '--to', 'nobody@example.com'),
      smtp()
    );
    expect(res.code).toBe(4);
    expect(res.stderr.trim().split('\n')).toEqual([
      'openkpi: e-mail refused for nobody@example.com (550 mailbox unavailable); delivered to cfo@example.com',
    ]);
    expect(received.map((r) => r.to)).toEqual([['cfo@example.com']]);
  }, 120_000);

  test('an SMTP server that is not there: one line, exit 4', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = new SMTPServer({ disabledCommands: ['STARTTLS'], logger: false });
      probe.listen(0, '127.0.0.1', () => {
        const p = (probe.server.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    const res = await runCli(
      db.url,
      ['report', PORTAL_CATALOG, '--period', 'day', '--at', DATA_NOW, '--email', '--to', 'a@example.com'],
      smtp({ SMTP_PORT: String(closed) })
    );
    expect(res.code).toBe(4);
    expect(res.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^openkpi: e-mail not sent: .*ECONNREFUSED/)]);
  }, 120_000);

  test('missing settings: one line and exit 1 before anything runs', async () => {
    const noFrom = await runCli(db.url, monthly('--email', '--to', 'cfo@example.com'), {});
    expect(noFrom.code).toBe(1);
    expect(noFrom.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^openkpi: --email: set SMTP_FROM/)]);
    const noTo = await runCli(db.url, monthly('--email'), smtp());
    expect(noTo.code).toBe(1);
    expect(noTo.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^openkpi: --email: no recipient/)]);
    expect(received).toEqual([]);
  }, 120_000);
});
