/**
 * The window kinds (docs/catalog.md: Windows), written once: rolling durations and calendar
 * periods. The catalog's parser and messages, the model's unit types, the compiler's bounds (SQL
 * and TypeScript) and the descriptions all read these tables, and the rule that places a window
 * at an instant is written once, in `windowAt`, over an algebra of instants that the compiler
 * interprets twice: as epoch ms at a literal instant, as SQL at `now()`.
 */

/** Rolling units: absolute durations (a day is always 24 hours, whatever the zone). */
export const ROLLING_UNITS = {
  m: { ms: 60_000, word: 'minute' },
  h: { ms: 3_600_000, word: 'hour' },
  d: { ms: 86_400_000, word: 'day' },
  w: { ms: 7 * 86_400_000, word: 'week' },
} as const;

export type RollingUnit = keyof typeof ROLLING_UNITS;

/** A unit of calendar arithmetic: a PostgreSQL interval unit and date_trunc field. */
export type PeriodStep = 'day' | 'week' | 'month' | 'year';

/**
 * Calendar periods in the catalog zone. The name is PostgreSQL's `date_trunc` field; a period is
 * `amount` steps long, and starts at a multiple of `amount` steps within the next larger unit
 * (a quarter: 3 months from January, April, July, October). Weeks are ISO: Monday first.
 */
export const CALENDAR_UNITS = {
  day: { amount: 1, step: 'day' },
  week: { amount: 1, step: 'week' },
  month: { amount: 1, step: 'month' },
  quarter: { amount: 3, step: 'month' },
  year: { amount: 1, step: 'year' },
} as const satisfies Record<string, { amount: number; step: PeriodStep }>;

export type CalendarUnit = keyof typeof CALENDAR_UNITS;

export const ROLLING_UNIT_NAMES = Object.keys(ROLLING_UNITS) as RollingUnit[];
export const CALENDAR_UNIT_NAMES = Object.keys(CALENDAR_UNITS) as CalendarUnit[];

/** A KPI window or a series step (docs/catalog.md, Windows, §2 series). */
export type WindowSpec =
  | { kind: 'rolling'; amount: number; unit: RollingUnit; text: string }
  | { kind: 'calendar'; unit: CalendarUnit; text: string };

/** `<N>m, <N>h, <N>d` and `or <N>w` or `, <N>w`: the rolling syntax in messages. */
export function rollingHint(last: 'or' | ','): string {
  const forms = ROLLING_UNIT_NAMES.map((u) => `<N>${u}`);
  return `${forms.slice(0, -1).join(', ')}${last === 'or' ? ' or ' : ', '}${forms[forms.length - 1]}`;
}

/** What a valid window looks like, for the message of an invalid one. */
export const WINDOW_HINT = `use ${rollingHint(',')} (N a positive integer) or ${CALENDAR_UNIT_NAMES.join(', ')}`;

/** The length of a rolling window (or series step) in milliseconds. */
export function rollingMs(w: { amount: number; unit: RollingUnit }): number {
  return w.amount * ROLLING_UNITS[w.unit].ms;
}

/** One calendar period as PostgreSQL interval text: `1 month`, `3 months`. */
export function periodLength(unit: CalendarUnit): string {
  const { amount, step } = CALENDAR_UNITS[unit];
  return `${amount} ${step}${amount === 1 ? '' : 's'}`;
}

/** The window in words: `the last 7 days (7d)`, or `the month to date (Europe/Berlin)`. */
export function windowInWords(w: WindowSpec, timezone: string): string {
  if (w.kind === 'rolling') {
    return `the last ${w.amount} ${ROLLING_UNITS[w.unit].word}${w.amount === 1 ? '' : 's'} (${w.text})`;
  }
  return `the ${w.unit} to date (${timezone})`;
}

const DAY = 86_400_000;

/**
 * `date_trunc(unit, wall)` on a "wall ms" (the epoch ms of a wall clock read as UTC), so that
 * calendar arithmetic is field arithmetic with no time zone in it.
 */
export function truncateWall(unit: CalendarUnit, wall: number): number {
  const { amount, step } = CALENDAR_UNITS[unit];
  const d = new Date(wall);
  const [y, m] = [d.getUTCFullYear(), d.getUTCMonth()];
  switch (step) {
    case 'day':
      return Date.UTC(y, m, d.getUTCDate());
    case 'week':
      return Date.UTC(y, m, d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * DAY;
    case 'month':
      return Date.UTC(y, m - (m % amount), 1);
    case 'year':
      return Date.UTC(y - (y % amount), 0, 1);
  }
}

/** `wall + n periods` on a period start (`+ interval '1 month'` and so on), in wall ms. */
export function addPeriodsWall(unit: CalendarUnit, start: number, n: number): number {
  const { amount, step } = CALENDAR_UNITS[unit];
  const k = n * amount;
  const d = new Date(start);
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
  switch (step) {
    case 'day':
      return start + k * DAY;
    case 'week':
      return start + k * 7 * DAY;
    case 'month':
      return Date.UTC(y, m + k, day);
    case 'year':
      return Date.UTC(y + k, m, day);
  }
}

const shortest = new Map<CalendarUnit, number>();

/**
 * The shortest a calendar period can be: the shortest in the 400-year Gregorian cycle, less the
 * hour a DST change may take (a day is 23 hours at the least). Bounds a series' bucket count.
 */
export function shortestPeriodMs(unit: CalendarUnit): number {
  let ms = shortest.get(unit);
  if (ms === undefined) {
    ms = Infinity;
    for (let start = truncateWall(unit, Date.UTC(2001, 0, 1)); start < Date.UTC(2401, 0, 1);) {
      const next = addPeriodsWall(unit, start, 1);
      ms = Math.min(ms, next - start);
      start = next;
    }
    ms -= 3_600_000;
    shortest.set(unit, ms);
  }
  return ms;
}

/**
 * The operations the window rule needs, over instants `T` and local wall times `W` in the catalog
 * zone: numbers in TypeScript (core/compiler/windowMs.ts), SQL expressions in PostgreSQL
 * (core/compiler/windows.ts, bounds.ts).
 */
export interface WindowAlgebra<T, W> {
  /** `at − ms`, absolute. */
  minus(at: T, ms: number): T;
  /** Local start of the calendar period containing the instant just before `at`. */
  periodStart(unit: CalendarUnit, at: T): W;
  /** A period start `n` periods later (`n` = 1 or −1). */
  addPeriods(unit: CalendarUnit, start: W, n: number): W;
  /** The instant a calendar period starting at a local wall time begins: its first occurrence. */
  instant(wall: W): T;
  /** `x + (at − from)`: the same elapsed absolute duration after `x`. */
  plusElapsed(x: T, at: T, from: T): T;
  least(a: T, b: T): T;
  /** `a = b ? then : otherwise`. */
  ifEqual(a: T, b: T, then: T, otherwise: T): T;
  /** Gives a bound its name (a column of a bounds CTE); the identity elsewhere. */
  name?<V extends T | W>(role: BoundRole, value: V): V;
}

/** The named steps of the rule, in the order it computes them. */
export type BoundRole = 'start' | 'from' | 'end' | 'prev_from' | 'prev_to';

/** One window's bounds at an instant; the current window ends at the instant. */
export interface WindowAt<T> {
  from: T;
  prevFrom: T;
  prevTo: T;
  /** Calendar windows: the end of the period the current window is in. */
  periodEnd?: T;
}

/**
 * The window rule (docs/catalog.md: Windows): a rolling window of length L at `at` is
 * `[at − L, at)` and compares with `[at − 2L, at − L)`; a calendar window is its period to date,
 * `[start, at)`, and compares with the complete previous period when the period is complete, else
 * with the same elapsed absolute duration from the previous period's start, clipped to its end.
 */
export function windowAt<T, W>(spec: WindowSpec, at: T, ops: WindowAlgebra<T, W>): WindowAt<T> {
  const name = <V extends T | W>(role: BoundRole, value: V): V => (ops.name ? ops.name(role, value) : value);
  if (spec.kind === 'rolling') {
    const length = rollingMs(spec);
    const from = name('from', ops.minus(at, length));
    return { from, prevFrom: name('prev_from', ops.minus(at, 2 * length)), prevTo: from };
  }
  const start = name('start', ops.periodStart(spec.unit, at));
  const from = name('from', ops.instant(start));
  const periodEnd = name('end', ops.instant(ops.addPeriods(spec.unit, start, 1)));
  const prevFrom = name('prev_from', ops.instant(ops.addPeriods(spec.unit, start, -1)));
  const sameElapsed = ops.least(ops.plusElapsed(prevFrom, at, from), from);
  const prevTo = name('prev_to', ops.ifEqual(periodEnd, at, from, sameElapsed));
  return { from, prevFrom, prevTo, periodEnd };
}
