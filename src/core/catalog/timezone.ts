/**
 * Time-zone check for validation. The engine computes calendar windows in PostgreSQL; here we
 * only need to know that a name is a real IANA zone (when a date starts in it: core/rules/instant.ts).
 */

/**
 * True for an IANA time-zone name (`Europe/Berlin`, `UTC`). Uses the platform's tz database
 * through Intl (it throws RangeError for an unknown zone). Offsets such as `+02:00` are
 * refused: PostgreSQL reads `AT TIME ZONE '+02'` as a POSIX zone with the sign inverted.
 */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '' || /^[+-]|^\d/.test(timeZone)) {
    return false;
  }
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch {
    return false;
  }
}
