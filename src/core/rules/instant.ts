import { DateTime } from 'luxon';
import type { CatalogInstant } from '../catalog/model';
import { ROLLING_UNIT_NAMES, ROLLING_UNITS, RollingUnit } from './windows';

/**
 * Every instant OpenKPI reads from text, parsed here with luxon (strict ISO-8601, real calendar
 * dates, IANA zones):
 * - in a catalog (a schedule's `from`, `parseCatalogInstant`): a date `YYYY-MM-DD` (the start of
 *   that day in the catalog zone) or a timestamp with `Z` or an offset; a timestamp without one
 *   is refused, since it would be read in whatever zone the database session uses;
 * - from a user (`--at`, `--from`, `--to`, `parseInstant`): also `now` and `now-90d`, and a date or a wall time
 *   without offset is read in the catalog zone (`--at 2025-04-01` in Europe/Berlin is Berlin
 *   midnight); a wall time skipped by a DST change moves forward by the gap (luxon's rule).
 */

/** `YYYY-MM-DD`, optionally followed by `T` or a space and a time: no week dates, no bare times. */
const DATE_FIRST = /^\d{4}-\d{2}-\d{2}(?:[Tt ]|$)/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** A written zone at the end of the time part. */
const ZONE = /(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$/;

/** No zone on Earth is further from UTC than ±18:00 (ISO-8601's and most libraries' limit). */
const MAX_OFFSET_MINUTES = 18 * 60;

interface ReadInstant {
  at: Date;
  /** The text when it is a bare calendar date. */
  date?: string;
  /** The text names its zone (Z or an offset). */
  zoned: boolean;
  /** ISO-8601's `24:00`, the end of the day. */
  endOfDay: boolean;
}

/** The one parser: undefined when the text is not an instant or names a day or time that does not exist. */
function readInstant(text: string, zone: string): ReadInstant | undefined {
  if (!DATE_FIRST.test(text)) {
    return undefined;
  }
  // setZone keeps a written offset, so an impossible one (beyond ±18:00) can be refused.
  const parsed = DateTime.fromISO(text.replace(' ', 'T'), { zone, setZone: true });
  if (!parsed.isValid || Math.abs(parsed.offset) > MAX_OFFSET_MINUTES) {
    return undefined;
  }
  const time = text.slice(11);
  return {
    at: parsed.toJSDate(),
    date: DATE_ONLY.test(text) ? text : undefined,
    zoned: ZONE.test(time),
    endOfDay: time.startsWith('24'),
  };
}

/** `now-<n><unit>`: Grafana's relative time in the rolling units, minutes to weeks (fixed lengths, no calendar units). */
const AGO = new RegExp(`^now-(\\d{1,6})(${ROLLING_UNIT_NAMES.join('|')})$`);

/**
 * A user's instant (`now`, `now-90d`, a date, a date-time with or without offset) in the catalog
 * zone `zone`. `now` is this machine's clock (callers that mean the database's check for it).
 */
export function parseInstant(text: string, zone = 'UTC'): Date | undefined {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'now') {
    return new Date();
  }
  const ago = AGO.exec(trimmed);
  if (ago) {
    return new Date(Date.now() - Number(ago[1]) * ROLLING_UNITS[ago[2] as RollingUnit].ms);
  }
  return readInstant(trimmed, zone)?.at;
}

/**
 * An ISO-8601 instant a program wrote (`toISOString()`, a request's or a report's `at`; a date or a
 * wall time without offset is UTC). Throws when the text is not one: it is never user input.
 */
export function isoInstant(text: string): Date {
  const at = readInstant(text.trim(), 'UTC')?.at;
  if (!at) {
    throw new Error(`not an ISO-8601 instant: ${text}`);
  }
  return at;
}

/** isoInstant in epoch ms (a frame's time field, a date to format). */
export function isoMs(text: string): number {
  return isoInstant(text).getTime();
}

/** A catalog instant; timestamps are normalised to UTC ISO strings (`…Z`). Undefined when invalid. */
export function parseCatalogInstant(text: string): CatalogInstant | undefined {
  const read = readInstant(text, 'UTC');
  if (!read) {
    return undefined;
  }
  if (read.date !== undefined) {
    return { kind: 'date', date: read.date };
  }
  return read.zoned && !read.endOfDay ? { kind: 'timestamp', iso: read.at.toISOString() } : undefined;
}

/** Epoch milliseconds of the first instant of a calendar date (`YYYY-MM-DD`) in `timeZone`. */
export function startOfDateMs(date: string, timeZone: string): number {
  return readInstant(date, timeZone)!.at.getTime();
}
