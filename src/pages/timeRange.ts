import { dateMath, dateTime, DateTime, TimeRange } from '@grafana/data';
import { DEFAULT_RANGE } from '../constants';

/**
 * One end of a time range as Grafana writes it into URLs: epoch milliseconds (`${__url_time_range}`
 * of an absolute range) or date math (`now-7d`). Grafana's own URL parser lives in its core and is
 * not exported, and date math does not read epoch strings, hence this small reader.
 */
function parseEnd(text: string | null | undefined, roundUp: boolean): DateTime | undefined {
  if (!text) {
    return undefined;
  }
  if (/^\d+$/.test(text)) {
    return dateTime(Number(text));
  }
  const parsed = dateMath.toDateTime(text, { roundUp });
  return parsed && parsed.isValid() ? parsed : undefined;
}

/** The time range in the URL's `from`/`to`, each end falling back to the default (now-30d..now). */
export function rangeFromUrl(from: string | null | undefined, to: string | null | undefined): TimeRange {
  const rawFrom = parseEnd(from, false) ? (from as string) : DEFAULT_RANGE.from;
  const rawTo = parseEnd(to, true) ? (to as string) : DEFAULT_RANGE.to;
  return {
    from: parseEnd(rawFrom, false) as DateTime,
    to: parseEnd(rawTo, true) as DateTime,
    raw: { from: rawFrom, to: rawTo },
  };
}
