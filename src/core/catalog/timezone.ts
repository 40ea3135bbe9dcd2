/**
 * Time-zone check for validation. The engine computes calendar windows in PostgreSQL; here we
 * only need to know that a name is a real IANA zone (when a date starts in it: core/rules/instant.ts).
 */

import { PG_TIME_ZONES } from './pgTimeZones';

const PG_NAMES = new Set(PG_TIME_ZONES.map((name) => name.toLowerCase()));

/**
 * True for an IANA time-zone name (`Europe/Berlin`, `UTC`) that both PostgreSQL and the
 * platform know: PostgreSQL computes the windows (its pg_timezone_names, case-insensitive as
 * PostgreSQL is), and the platform's tz database, through Intl, orders target dates. Offsets
 * such as `+02:00` are refused: PostgreSQL reads `AT TIME ZONE '+02'` as a POSIX zone with the
 * sign inverted.
 */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '' || /^[+-]|^\d/.test(timeZone) || !PG_NAMES.has(timeZone.toLowerCase())) {
    return false;
  }
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch {
    return false;
  }
}
