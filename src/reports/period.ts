import { DateTime } from 'luxon';

/** The cadences a report covers. */
export const REPORT_PERIODS = ['day', 'week', 'month', 'quarter'] as const;
export type ReportPeriodKind = (typeof REPORT_PERIODS)[number];

/** One complete calendar period in the catalog's time zone: `[start, end)`; a `snapshot` is one instant (start = end). */
export interface ReportPeriod {
  kind: ReportPeriodKind | 'snapshot';
  start: Date;
  end: Date;
  /** The period before it (the previous report's), `[previousStart, start)`. */
  previousStart: Date;
  /** "March 2025", "Q1 2025", "Week 14, 2025 (Mar 31 – Apr 6)", "Monday, March 31, 2025". */
  label: string;
  /** The series step of the period's sparklines (a series step, docs/cli.md). */
  sparklineStep: '1h' | 'day';
  timezone: string;
}

/**
 * The complete period that ends at or before `at`, in `timezone` (ISO weeks, Monday first):
 * `at` = 2025-04-01T00:00 local with `month` is March; `at` = 2025-04-15T09:00 is March too,
 * since April is not over. Period lengths are wall-clock (a DST day has 23 or 25 hours).
 */
export function completePeriod(kind: ReportPeriodKind, at: Date, timezone: string): ReportPeriod {
  const end = DateTime.fromJSDate(at, { zone: timezone }).setLocale('en-US').startOf(kind);
  const start = end.minus({ [`${kind}s`]: 1 });
  const previousStart = start.minus({ [`${kind}s`]: 1 });
  return {
    kind,
    start: start.toJSDate(),
    end: end.toJSDate(),
    previousStart: previousStart.toJSDate(),
    label: labelOf(kind, start, end.minus({ days: 1 })),
    sparklineStep: kind === 'day' ? '1h' : 'day',
    timezone,
  };
}

function labelOf(kind: ReportPeriodKind, start: DateTime, lastDay: DateTime): string {
  switch (kind) {
    case 'day':
      return start.toFormat('cccc, LLLL d, yyyy');
    case 'week':
      return `Week ${start.weekNumber}, ${start.weekYear} (${start.toFormat('LLL d')} – ${lastDay.toFormat('LLL d')})`;
    case 'month':
      return start.toFormat('LLLL yyyy');
    case 'quarter':
      return `Q${start.quarter} ${start.year}`;
  }
}

/** "2025-03-31 00:00" in the period's zone: how reports print instants for their readers. */
export function localTime(iso: string | null, timezone: string): string {
  if (iso === null) {
    return '-';
  }
  const { date, time } = localTimeParts(iso, timezone);
  return `${date} ${time}`;
}

/** `localTime`'s date and time of day apart ("2025-03-31", "00:00"), for a layout that puts them on two lines. */
export function localTimeParts(iso: string, timezone: string): { date: string; time: string } {
  const local = DateTime.fromISO(iso, { zone: timezone, locale: 'en-US' });
  return { date: local.toFormat('yyyy-LL-dd'), time: local.toFormat('HH:mm') };
}

/** The "period" of an export of what a page shows: the one instant its figures are for. */
export function snapshotPeriod(at: Date, timezone: string): ReportPeriod {
  return {
    kind: 'snapshot',
    start: at,
    end: at,
    previousStart: at,
    label: `As of ${localTime(at.toISOString(), timezone)}`,
    sparklineStep: 'day',
    timezone,
  };
}

/** The line under a report's title: "March 2025 · figures as of 2025-04-01 00:00 (Europe/Berlin)". */
export function subtitleOf(period: ReportPeriod, at: string): string {
  const asOf = `${localTime(at, period.timezone)} (${period.timezone})`;
  return period.kind === 'snapshot' ? `Figures as of ${asOf}` : `${period.label} · figures as of ${asOf}`;
}
