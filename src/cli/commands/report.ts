import { Command, Option } from 'commander';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildCatalogReport } from '../../reports/build';
import type { Report } from '../../reports/model';
import { REPORT_PERIODS, ReportPeriodKind } from '../../reports/period';
import { REPORT_FORMATS, ReportFormat, renderReport, RenderedReport } from '../../reports/render';
import { collect, instantArg, InstantInput } from '../args';
import { loadCatalog } from '../catalogFile';
import { globalsOf, inContext, withDatabase } from '../context';
import { CliError, errorLine, EXIT, messageOf } from '../errors';
import { mailSettings, sendReport } from '../mail';

interface ReportOptions {
  period: ReportPeriodKind;
  at?: InstantInput;
  format?: ReportFormat;
  out?: string;
  email?: boolean;
  to: string[];
  subject?: string;
}

/** The format named by --format, else by the --out file's extension, else HTML. */
function formatOf(options: ReportOptions): ReportFormat {
  if (options.format) {
    return options.format;
  }
  const ext = options.out ? path.extname(options.out).slice(1).toLowerCase() : '';
  const byExt: Record<string, ReportFormat> = {
    html: 'html',
    htm: 'html',
    pdf: 'pdf',
    xlsx: 'xlsx',
    csv: 'csv',
    md: 'md',
  };
  return byExt[ext] ?? 'html';
}

/**
 * `openkpi report CATALOG… --period day|week|month|quarter [--at T] [--format F] [--out FILE]
 * [--email --to ADDR…]`: the scorecard of the complete period that ends at or before `--at`.
 * Everything is evaluated and rendered before anything is written or sent, so a failure leaves
 * no half-written file and sends no half a report.
 */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('a report of the last complete period: scorecard, status changes, stale sources, notes')
    .argument('<files...>', 'catalog files')
    .addOption(new Option('--period <period>', 'the cadence').choices([...REPORT_PERIODS]).makeOptionMandatory())
    .option(
      '--at <instant>',
      'report the complete period that ends at or before this instant (default: now)',
      instantArg
    )
    .addOption(
      new Option('--format <format>', 'output format (default: from --out, else html)').choices([...REPORT_FORMATS])
    )
    .option('--out <file>', 'write the report to this file (default: stdout for html, md and csv)')
    .option('--email', 'send the report by e-mail (SMTP settings from the environment: docs/reports.md)')
    .option('--to <address>', 'recipient; repeat for several (default: REPORT_TO)', collect, [])
    .option('--subject <text>', 'e-mail subject (default: the report title)')
    .action(async (files: string[], options: ReportOptions, command: Command) => {
      const format = formatOf(options);
      if ((format === 'pdf' || format === 'xlsx') && !options.out && !options.email) {
        throw new CliError(errorLine(`a ${format} report needs --out FILE or --email`), EXIT.usage);
      }
      // Check the mail settings before evaluating anything: a missing SMTP_FROM is the user's to fix.
      const mail = options.email ? mailSettings(process.env, options.to) : undefined;
      const catalogs = await Promise.all(files.map((file) => loadCatalog(file)));
      const at = (zone: string) =>
        options.at && options.at.text.trim().toLowerCase() !== 'now' ? options.at.in(zone) : new Date();
      const report: Report = { catalogs: [] };
      await withDatabase(globalsOf(command), async (runner) => {
        for (const [i, catalog] of catalogs.entries()) {
          const built = await inContext({ file: files[i] }, () =>
            buildCatalogReport(catalog, { period: options.period, at: at(catalog.timezone) }, runner)
          );
          report.catalogs.push(built);
        }
      });
      const rendered = await renderReport(report, format);
      if (options.out) {
        await writeOut(options.out, rendered);
      } else if (!options.email) {
        process.stdout.write(rendered.content);
      }
      if (mail) {
        await sendReport(mail, report, rendered, options.subject);
      }
    });
}

async function writeOut(file: string, rendered: RenderedReport): Promise<void> {
  try {
    await writeFile(file, rendered.content);
  } catch (err) {
    throw new CliError(errorLine(`cannot write the report: ${messageOf(err)}`, { file }), EXIT.usage, { cause: err });
  }
}
