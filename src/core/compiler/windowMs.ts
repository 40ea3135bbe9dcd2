import { IANAZone } from 'luxon';
import type { WindowSpec } from '../catalog/model';
import { addPeriodsWall, truncateWall, windowAt, WindowAlgebra, WindowAt } from '../rules/windows';

/**
 * Window bounds at a literal instant, in TypeScript: the window rule of core/rules/windows.ts
 * (docs/catalog.md: Windows) on epoch ms, as bounds.ts and windows.ts read it in SQL, computed once by the compiler so that a statement at a
 * literal `--at` (a dashboard's range end) carries its bounds as constants: nothing to evaluate in
 * the database, exact row estimates, and the bounds it reports are the ones it filtered with.
 * tests/integration/windowMs.test.ts checks them against PostgreSQL's time-zone arithmetic.
 *
 * Local wall times are held as "wall ms" (the epoch ms of that wall clock read as UTC), so
 * calendar arithmetic on them is plain field arithmetic with no time zone in it.
 */

/** The bounds of one window at an instant, epoch ms; current windows end at the instant. */
export type WindowMs = WindowAt<number>;

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

/**
 * The instant a calendar period that starts at a local wall time begins: the wall time's first
 * occurrence. A start that a fall-back repeats (Havana's midnight when DST ends at 01:00) read at
 * its later occurrence would put the day's start after instants inside it. Written as the
 * reading an hour earlier plus an hour, the form the SQL algebras write too; a wall time that
 * occurs once, or that a spring-forward skips, reads as instantOfWall does.
 */
export function periodInstantOfWall(wall: number, tz: string): number {
  return instantOfWall(wall - HOUR, tz) + HOUR;
}

/**
 * The window rule (core/rules/windows.ts windowAt) on epoch ms: calendar periods on wall ms, the
 * instant just before `at` 1 ms earlier (PostgreSQL: 1 µs; instants here are whole ms).
 */
function msAlgebra(tz: string): WindowAlgebra<number, number> {
  return {
    minus: (at, ms) => at - ms,
    periodStart: (unit, at) => truncateWall(unit, wallMs(at - 1, tz)),
    addPeriods: addPeriodsWall,
    instant: (wall) => periodInstantOfWall(wall, tz),
    plusElapsed: (x, at, from) => x + (at - from),
    least: Math.min,
    ifEqual: (a, b, then, otherwise) => (a === b ? then : otherwise),
  };
}

/** The window's bounds at `atMs` (compare: previous; see yearEarlierMs for compare: year). */
export function windowMs(spec: WindowSpec, atMs: number, tz: string): WindowMs {
  return windowAt(spec, atMs, msAlgebra(tz));
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
