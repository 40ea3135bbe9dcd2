import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Report } from '../reports/model';
import type { RenderedReport } from '../reports/render';
import { renderHtml } from '../reports/render/html';
import { renderMarkdown } from '../reports/render/markdown';
import { reportFileName } from '../core/reportFileName';
import { CliError, errorLine, EXIT, messageOf } from './errors';

/** Where and how a report is mailed: read from the environment (docs/reports.md). */
export interface MailSettings {
  transport: string | SMTPTransport.Options;
  from: string;
  to: string[];
}

const usage = (text: string) => new CliError(errorLine(`--email: ${text}`), EXIT.usage);

/** The SMTP settings: SMTP_URL, or SMTP_HOST with SMTP_PORT, SMTP_SECURE, SMTP_USER, SMTP_PASSWORD; SMTP_FROM. */
export function mailSettings(env: NodeJS.ProcessEnv, to: string[]): MailSettings {
  const from = env.SMTP_FROM?.trim();
  if (!from) {
    throw usage('set SMTP_FROM to the sender address, e.g. SMTP_FROM="OpenKPI <kpi@example.com>"');
  }
  const recipients =
    to.length > 0
      ? to
      : (env.REPORT_TO ?? '')
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean);
  if (recipients.length === 0) {
    throw usage('no recipient: give --to ADDRESS (repeatable) or set REPORT_TO');
  }
  const timeouts = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };
  if (env.SMTP_URL?.trim()) {
    return { transport: env.SMTP_URL.trim(), from, to: recipients };
  }
  const host = env.SMTP_HOST?.trim();
  if (!host) {
    throw usage('set SMTP_URL (smtp://user:password@host:587) or SMTP_HOST');
  }
  const port = env.SMTP_PORT ? Number(env.SMTP_PORT) : 587;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw usage(`SMTP_PORT is not a port number: ${env.SMTP_PORT}`);
  }
  const user = env.SMTP_USER?.trim();
  return {
    transport: {
      host,
      port,
      secure: env.SMTP_SECURE === 'true' || port === 465,
      auth: user ? { user, pass: env.SMTP_PASSWORD ?? '' } : undefined,
      ...timeouts,
    },
    from,
    to: recipients,
  };
}

function subjectOf(report: Report): string {
  return `KPI report: ${report.catalogs.map((c) => `${c.title}, ${c.period.label}`).join('; ')}`;
}

/**
 * The attachment's name: the catalog (or `kpis` for several), the cadence and the period's first
 * day in the catalog's time zone: `service-portal-quarter-2026-07-01.xlsx` for Q3 2026 in Berlin,
 * whose first instant is 2026-06-30 22:00 UTC.
 */
export function fileNameOf(report: Report, rendered: Pick<RenderedReport, 'extension'>): string {
  const first = report.catalogs[0];
  if (!first) {
    return `kpis-report-report.${rendered.extension}`;
  }
  return reportFileName({
    name: report.catalogs.length === 1 ? first.catalog : 'kpis',
    kind: first.period.kind,
    at: first.period.start,
    timezone: first.period.timezone,
    extension: rendered.extension,
  });
}

/**
 * Sends one message: the HTML report as its body, the Markdown as its plain-text part, and the
 * rendered file attached when it is not HTML. One SMTP transaction: it is delivered whole or not at all;
 * a server that refuses some recipients still delivers to the others, and that is an error too.
 */
export async function sendReport(
  settings: MailSettings,
  report: Report,
  rendered: RenderedReport,
  subject?: string
): Promise<void> {
  // Loaded here, not at start-up: only `report --email` sends mail.
  const { default: nodemailer } = await import('nodemailer');
  const transporter = nodemailer.createTransport(settings.transport);
  let info: SMTPTransport.SentMessageInfo;
  try {
    info = await transporter.sendMail({
      from: settings.from,
      to: settings.to,
      subject: subject ?? subjectOf(report),
      html: rendered.format === 'html' ? String(rendered.content) : renderHtml(report),
      text: renderMarkdown(report),
      attachments:
        rendered.format === 'html'
          ? []
          : [
              {
                filename: fileNameOf(report, rendered),
                content: Buffer.from(rendered.content),
                contentType: rendered.mimeType,
              },
            ],
    });
  } catch (err) {
    throw new CliError(errorLine(`e-mail not sent: ${messageOf(err)}`), EXIT.mail, { cause: err });
  } finally {
    transporter.close();
  }
  const refused = refusedRecipients(info);
  if (refused.length > 0) {
    // SMTP delivers to the recipients it accepted: say who did not get the report.
    const delivered = info.accepted.map(String);
    throw new CliError(
      errorLine(`e-mail refused for ${refused.join(', ')}; delivered to ${delivered.join(', ') || 'nobody'}`),
      EXIT.mail
    );
  }
}

/** "nobody@example.com (550 mailbox unavailable)" for each recipient the server refused. */
function refusedRecipients(info: SMTPTransport.SentMessageInfo): string[] {
  const errors = (info as { rejectedErrors?: Array<{ recipient?: string; response?: string }> }).rejectedErrors ?? [];
  return info.rejected.map((address) => {
    const response = errors.find((e) => e.recipient === String(address))?.response;
    return response ? `${String(address)} (${response})` : String(address);
  });
}
