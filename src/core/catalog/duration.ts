import { CalendarUnit, RollingUnit, WindowSpec } from './model';

/**
 * Window and duration syntax (SPEC §1 Windows). Two regular expressions cover the whole
 * grammar, so there is no library: `ms`-style parsers accept `1.5h`, `2 days`, `1y`… which
 * PostgreSQL intervals and the SPEC don't.
 */

const ROLLING = /^([1-9][0-9]*)(m|h|d|w)$/;
const CALENDAR: readonly CalendarUnit[] = ['day', 'week', 'month', 'quarter', 'year'];

/** Milliseconds per rolling unit; a day is always 24 hours (rolling windows are absolute). */
export const UNIT_MS: Record<RollingUnit, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** Bounds a rolling amount so `amount × unit` stays an exact integer count of milliseconds. */
const MAX_AMOUNT = 1_000_000;

/**
 * Parses a window or series step: rolling `15m`, `2h`, `30d`, `1w` (positive integer amount),
 * or calendar `day|week|month|quarter|year`. Returns undefined for anything else.
 */
export function parseWindow(text: string): WindowSpec | undefined {
  if ((CALENDAR as readonly string[]).includes(text)) {
    return { kind: 'calendar', unit: text as CalendarUnit, text };
  }
  const m = ROLLING.exec(text);
  if (!m) {
    return undefined;
  }
  const amount = Number(m[1]);
  if (amount > MAX_AMOUNT) {
    return undefined;
  }
  return { kind: 'rolling', amount, unit: m[2] as RollingUnit, text };
}

/** Parses a duration such as `15m`, `2h`, `1d`, `1w` to milliseconds; undefined when invalid. */
export function parseDuration(text: string): number | undefined {
  const w = parseWindow(text);
  return w?.kind === 'rolling' ? w.amount * UNIT_MS[w.unit] : undefined;
}

/** The length of a rolling window in milliseconds. */
export function rollingMs(w: Extract<WindowSpec, { kind: 'rolling' }>): number {
  return w.amount * UNIT_MS[w.unit];
}
