import { CatalogInstant } from './model';

/**
 * Instants written in a catalog (a target schedule's `from`): a calendar date `YYYY-MM-DD`
 * (the start of that day in the catalog time zone) or an ISO-8601 timestamp with `Z` or an
 * offset. A timestamp without a zone is refused: it would be read in the database session's
 * zone, which the catalog does not control.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

function isCalendarDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Parses a catalog instant; timestamps are normalised to UTC ISO strings (`…Z`). Undefined when invalid. */
export function parseCatalogInstant(text: string): CatalogInstant | undefined {
  const date = DATE.exec(text);
  if (date) {
    const [y, m, d] = date.slice(1).map(Number);
    return isCalendarDate(y, m, d) ? { kind: 'date', date: text } : undefined;
  }
  const ts = TIMESTAMP.exec(text);
  if (!ts) {
    return undefined;
  }
  const [, ys, ms, ds, hs, mins, ss = '0', frac = '', z, sign, oh, om = '00'] = ts;
  const [y, m, d, h, min, s] = [ys, ms, ds, hs, mins, ss].map(Number);
  if (!isCalendarDate(y, m, d) || h > 23 || min > 59 || s > 59 || Number(oh ?? 0) > 23 || Number(om) > 59) {
    return undefined;
  }
  const millis = frac === '' ? 0 : Math.floor(Number(`0${frac}`) * 1000);
  const offsetMin = z ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const epoch = Date.UTC(y, m - 1, d, h, min, s, millis) - offsetMin * 60_000;
  return { kind: 'timestamp', iso: new Date(epoch).toISOString() };
}
