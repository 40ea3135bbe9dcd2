import { IANAZone } from 'luxon';
import { rollingMs } from '../catalog/duration';
import type { CalendarUnit, WindowSpec } from '../catalog/model';

/**
 * Window bounds at a literal instant, in TypeScript: the same rule as the SQL of bounds.ts and
 * windows.ts (docs/catalog.md: Windows), computed once by the compiler so that a statement at a
 * literal `--at` (a dashboard's range end) carries its bounds as constants: nothing to evaluate in
 * the database, exact row estimates, and the bounds it reports are the ones it filtered with.
 * tests/integration/windowMs.test.ts checks them against PostgreSQL's time-zone arithmetic.
 *
 * Local wall times are held as "wall ms" (the epoch ms of that wall clock read as UTC), so
 * calendar arithmetic on them is plain field arithmetic with no time zone in it.
 */

/** The bounds of one window at an instant, epoch ms; current windows end at the instant. */
export interface WindowMs {
  from: number;
  prevFrom: number;
  prevTo: number;
  /** Calendar windows: the end of the period the current window is in. */
  periodEnd?: number;
}

const zones = new Map<string, IANAZone>();

function zone(tz: string): IANAZone {
  let z = zones.get(tz);
  if (!z) {
    z = IANAZone.create(tz);
    zones.set(tz, z);
  }
  return z;
}

const offsetMs = (tz: string, instantMs: number) => zone(tz).offset(instantMs) * 60_000;

/** The wall clock of an instant in the zone (`instant AT TIME ZONE tz`). */
export function wallMs(instantMs: number, tz: string): number {
  return instantMs + offsetMs(tz, instantMs);
}

const HOUR = 3_600_000;

/**
 * The instant of a wall time in the zone (`wall AT TIME ZONE tz`), as PostgreSQL reads it: a wall
 * time that exists once is that instant; one that a transition skips or repeats is read with the
 * offset that gives the later instant (PostgreSQL prefers the offset before a spring-forward gap
 * and after a fall-back overlap; both are the later of the two readings).
 */
export function instantOfWall(wall: number, tz: string): number {
  const [before, after] = [offsetMs(tz, wall - 36 * HOUR), offsetMs(tz, wall + 36 * HOUR)];
  if (before === after) {
    // No transition near (the common case): the one reading.
    return wall - before;
  }
  const offsets = [...new Set([before, offsetMs(tz, wall), after])];
  const readings = offsets.map((o) => wall - o);
  const exact = readings.filter((t) => wallMs(t, tz) === wall);
  return Math.max(...(exact.length > 0 ? exact : readings));
}

const DAY = 24 * HOUR;

/** `date_trunc(unit, wall)` (week: ISO, Monday first). */
function truncate(unit: CalendarUnit, wall: number): number {
  const d = new Date(wall);
  const [y, m] = [d.getUTCFullYear(), d.getUTCMonth()];
  switch (unit) {
    case 'day':
      return Date.UTC(y, m, d.getUTCDate());
    case 'week':
      return Date.UTC(y, m, d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * DAY;
    case 'month':
      return Date.UTC(y, m, 1);
    case 'quarter':
      return Date.UTC(y, m - (m % 3), 1);
    case 'year':
      return Date.UTC(y, 0, 1);
  }
}

/** `wall + n periods` on a period start (`+ interval '1 month'` and so on). */
function addPeriods(unit: CalendarUnit, start: number, n: number): number {
  const d = new Date(start);
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
  switch (unit) {
    case 'day':
      return start + n * DAY;
    case 'week':
      return start + n * 7 * DAY;
    case 'month':
      return Date.UTC(y, m + n, day);
    case 'quarter':
      return Date.UTC(y, m + 3 * n, day);
    case 'year':
      return Date.UTC(y + n, m, day);
  }
}

/** The window's bounds at `atMs` (compare: previous; see yearEarlierMs for compare: year). */
export function windowMs(spec: WindowSpec, atMs: number, tz: string): WindowMs {
  if (spec.kind === 'rolling') {
    const length = rollingMs(spec);
    return { from: atMs - length, prevFrom: atMs - 2 * length, prevTo: atMs - length };
  }
  // The period containing the instant just before `at` (PostgreSQL: 1 µs; instants here are whole ms).
  const start = truncate(spec.unit, wallMs(atMs - 1, tz));
  const from = instantOfWall(start, tz);
  const periodEnd = instantOfWall(addPeriods(spec.unit, start, 1), tz);
  const prevFrom = instantOfWall(addPeriods(spec.unit, start, -1), tz);
  // A complete period compares with the complete previous one; a period to date with the same
  // elapsed absolute duration from the previous period's start, clipped to its end.
  const prevTo = periodEnd === atMs ? from : Math.min(prevFrom + (atMs - from), from);
  return { from, prevFrom, prevTo, periodEnd };
}

/** `x ⊖ 1y`: the wall time in the zone one calendar year earlier (February 29 → 28), read back in the zone. */
export function yearEarlierMs(instantMs: number, tz: string): number {
  const wall = wallMs(instantMs, tz);
  const d = new Date(wall);
  const [y, m, day] = [d.getUTCFullYear() - 1, d.getUTCMonth(), d.getUTCDate()];
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const time = wall - Date.UTC(d.getUTCFullYear(), m, day);
  return instantOfWall(Date.UTC(y, m, Math.min(day, last)) + time, tz);
}
