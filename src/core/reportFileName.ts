import { DateTime } from 'luxon';

/** The calendar day of `at` in `timezone`, "2026-07-01": the day a reader in that zone calls it. */
export function localDay(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toFormat('yyyy-LL-dd');
}

/** What a report file is named by. */
export interface ReportFileNameParts {
  /** The catalog's name, or `kpis` for a report of several catalogs. */
  name: string;
  /** The cadence (`quarter`) or what the file is (`scorecard`, an export of the app's page). */
  kind: string;
  /** The instant that dates the file: a period's first instant, or the instant an export's figures are for. */
  at: Date;
  /** The catalog's time zone, in which `at` is dated. */
  timezone: string;
  /** Without the dot: `xlsx`. */
  extension: string;
}

/**
 * The one rule for naming report files, in the CLI's e-mail attachments and the app's exports:
 * `<name>-<kind>-<day>.<extension>` with the day of `at` in the catalog's time zone, not UTC's.
 * Q3 2026 in Berlin starts 2026-06-30 22:00 UTC and is named `…-quarter-2026-07-01.xlsx`.
 */
export function reportFileName({ name, kind, at, timezone, extension }: ReportFileNameParts): string {
  return `${name}-${kind}-${localDay(at, timezone)}.${extension}`;
}
