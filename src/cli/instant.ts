/**
 * Strict ISO-8601 instants for `--at`, `--from` and `--to`.
 *
 * Hand-written rather than `new Date(text)`: `Date` also accepts `2025-02-30` (rolls over to
 * March), `March 3` and other non-ISO forms, and reads a date-time without offset in the local
 * time zone. A CLI that says "instants are ISO-8601" must reject those instead of guessing.
 */

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Parses `2025-03-31`, `2025-03-31T12:00`, `2025-03-31T12:00:00.5Z`, `2025-03-31T14:00+02:00`.
 * A date, or a date-time without an offset, is read as UTC (docs/cli.md). `now` is the current time.
 * Returns undefined when the text is not such an instant or names a day or time that does not exist.
 */
export function parseInstant(text: string): Date | undefined {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'now') {
    return new Date();
  }
  const m = ISO.exec(trimmed);
  if (!m) {
    return undefined;
  }
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const fields = [y, mo, d, h, mi, s].map(Number);
  const [year, month, day, hour, minute, second] = fields;
  const ms = Number((frac + '000').slice(0, 3));
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Round-trip the fields: Date.UTC silently rolls 2025-02-30 over to March 2nd.
  const check = new Date(local);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    return undefined;
  }
  const offset = offsetMinutes(zone);
  if (offset === undefined) {
    return undefined;
  }
  return new Date(local - offset * 60_000);
}

/** `Z` → 0, `+02:00` / `+0200` / `+02` → 120; undefined when out of range. */
function offsetMinutes(zone: string): number | undefined {
  if (zone.toUpperCase() === 'Z') {
    return 0;
  }
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) {
    return undefined;
  }
  return sign * (hours * 60 + minutes);
}
