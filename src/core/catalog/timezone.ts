/**
 * Time-zone helpers for validation. The engine computes calendar windows in PostgreSQL;
 * here we only need to know that a name is a real IANA zone and, to order a target
 * schedule that mixes dates and timestamps, when a date starts in that zone.
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

/** Offset of `timeZone` from UTC at `epochMs`, in milliseconds (positive east of Greenwich). */
function offsetMs(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(epochMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(epochMs / 1000) * 1000;
}

/**
 * Epoch milliseconds of the first instant of a calendar date (`YYYY-MM-DD`) in `timeZone`.
 * Two passes settle the offset; only used to order schedule entries, so the rare zone whose
 * midnight falls in a DST gap needs no special care.
 */
export function startOfDateMs(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d);
  let guess = wall - offsetMs(wall, timeZone);
  guess = wall - offsetMs(guess, timeZone);
  return guess;
}
