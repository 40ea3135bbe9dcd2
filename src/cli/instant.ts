import { DateTime } from 'luxon';

/**
 * ISO-8601 instants for `--at`, `--from` and `--to`, parsed with luxon (strict ISO, real
 * calendar dates, IANA zones). A date, or a date-time without an offset, is a wall time in the
 * catalog's time zone — `--at 2025-04-01` in a Europe/Berlin catalog is Berlin midnight, so a
 * `month` window is all of March, as docs/catalog.md (Windows) describes. A wall time skipped by a DST change is
 * moved forward by the gap (luxon's rule). `now` is the current time.
 */

/** `YYYY-MM-DD`, optionally followed by `T` or a space and a time: no week dates, no bare times. */
const CALENDAR_DATE_FIRST = /^\d{4}-\d{2}-\d{2}(?:[T ]|$)/i;

/** No zone on Earth is further from UTC than ±18:00 (ISO-8601's and most libraries' limit). */
const MAX_OFFSET_MINUTES = 18 * 60;

/** Returns undefined when the text is not such an instant or names a day or time that does not exist. */
export function parseInstant(text: string, zone = 'UTC'): Date | undefined {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'now') {
    return new Date();
  }
  if (!CALENDAR_DATE_FIRST.test(trimmed)) {
    return undefined;
  }
  // setZone keeps a written offset, so an impossible one (beyond ±18:00) can be refused.
  const parsed = DateTime.fromISO(trimmed.replace(' ', 'T'), { zone, setZone: true });
  return parsed.isValid && Math.abs(parsed.offset) <= MAX_OFFSET_MINUTES ? parsed.toJSDate() : undefined;
}
