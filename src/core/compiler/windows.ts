import { CalendarUnit, Compare, WindowSpec } from '../catalog/model';
import { periodLength, windowAt, WindowAlgebra } from '../rules/windows';
import { quoteLiteral } from '../sql/quote';

/**
 * Where every window starts and ends (docs/catalog.md, Windows), as SQL expressions over an anchor
 * expression. Calendar periods are computed in PostgreSQL in the catalog time zone:
 * `x AT TIME ZONE tz` turns an instant into local wall time, `date_trunc` finds the local
 * period start, and `AT TIME ZONE tz` turns it back into an instant — so a day in
 * Europe/Berlin on a DST change is 23 or 25 hours long, and the same SQL works for a
 * literal `--at` and for `now()` in alert rules.
 *
 * Rolling windows are absolute durations: `1d` is exactly 24 hours, whatever the zone.
 */

/** A half-open interval `[from, to)` as two timestamptz SQL expressions. */
export interface Bounds {
  from: string;
  to: string;
}

export interface WindowBounds {
  current: Bounds;
  /** The comparison window: §1's previous window, or the same window a year earlier (`compare: year`). */
  previous: Bounds;
  /** A calendar window's period end (the current window runs "to date" up to the anchor); for pace. */
  periodEnd?: string;
}

const ABSOLUTE_UNITS: Array<[number, string]> = [
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1_000, 'second'],
];

/**
 * An absolute duration as a PostgreSQL interval in the largest unit that divides it:
 * hours, minutes or seconds, never days (`interval '1 day'` is calendar arithmetic in the
 * session time zone, 23 or 25 hours across a DST change), so 30d is `interval '720 hours'`.
 */
export function absoluteInterval(ms: number): string {
  const [size, unit] = ABSOLUTE_UNITS.find(([n]) => ms % n === 0) ?? [1_000, 'second'];
  const amount = ms / size;
  return `interval '${amount} ${unit}${amount === 1 ? '' : 's'}'`;
}

/** Local wall time of an instant in the catalog zone (timestamp without time zone). */
export function localTime(instant: string, tz: string): string {
  return `(${instant} AT TIME ZONE ${quoteLiteral(tz)})`;
}

/** The instant of a local wall time in the catalog zone. */
export function fromLocal(local: string, tz: string): string {
  return `(${local} AT TIME ZONE ${quoteLiteral(tz)})`;
}

/** A calendar period's first instant from its local start (windowMs.ts periodInstantOfWall says why). */
export function periodInstantOfLocal(local: string, tz: string): string {
  return `(${fromLocal(`(${local} - interval '1 hour')`, tz)} + interval '1 hour')`;
}

/**
 * `x ⊖ 1y` (docs/catalog.md: Comparison period, Growth KPIs): the instant's wall time in the catalog zone minus one calendar year, read
 * back in that zone. PostgreSQL's timestamp arithmetic turns February 29 into February 28.
 */
export function yearEarlier(instant: string, tz: string): string {
  return fromLocal(`(${localTime(instant, tz)} - interval '1 year')`, tz);
}

/** `[from ⊖ 1y, to ⊖ 1y)`. */
export function yearEarlierBounds(bounds: Bounds, tz: string): Bounds {
  return { from: yearEarlier(bounds.from, tz), to: yearEarlier(bounds.to, tz) };
}

/**
 * The current and comparison window of a KPI at `anchor` (a timestamptz SQL expression).
 * `compare: year` replaces §1's previous window with `[from ⊖ 1y, to ⊖ 1y)`.
 */
export function windowBounds(
  spec: WindowSpec,
  anchor: string,
  tz: string,
  compare: Compare = 'previous'
): WindowBounds {
  const bounds = ownWindowBounds(spec, anchor, tz);
  return compare === 'year' ? { ...bounds, previous: yearEarlierBounds(bounds.current, tz) } : bounds;
}

/**
 * The window rule (core/rules/windows.ts windowAt) as SQL expressions: calendar periods in
 * PostgreSQL's time-zone arithmetic, the instant just before the anchor 1 µs earlier.
 */
function sqlAlgebra(tz: string): WindowAlgebra<string, string> {
  return {
    minus: (at, ms) => `(${at} - ${absoluteInterval(ms)})`,
    periodStart: (unit, at) => calendarFloorLocal(unit, `(${at} - interval '1 microsecond')`, tz),
    addPeriods: (unit, start, n) => `(${start} ${n < 0 ? '-' : '+'} interval '${periodLength(unit)}')`,
    instant: (wall) => periodInstantOfLocal(wall, tz),
    plusElapsed: (x, at, from) => `${x} + (extract(epoch FROM (${at} - ${from})) * interval '1 second')`,
    least: (a, b) => `least(${a}, ${b})`,
    ifEqual: (a, b, then, otherwise) => `(CASE WHEN ${a} = ${b} THEN ${then} ELSE ${otherwise} END)`,
  };
}

function ownWindowBounds(spec: WindowSpec, anchor: string, tz: string): WindowBounds {
  const w = windowAt(spec, anchor, sqlAlgebra(tz));
  return {
    current: { from: w.from, to: anchor },
    previous: { from: w.prevFrom, to: w.prevTo },
    ...(w.periodEnd === undefined ? {} : { periodEnd: w.periodEnd }),
  };
}

/** Local start of the calendar period containing `instant` (used to align series buckets). */
export function calendarFloorLocal(unit: CalendarUnit, instant: string, tz: string): string {
  return `date_trunc('${unit}', ${localTime(instant, tz)})`;
}

/** The SQL interval of one calendar period (local, calendar arithmetic). */
export function calendarLength(unit: CalendarUnit): string {
  return `interval '${periodLength(unit)}'`;
}
