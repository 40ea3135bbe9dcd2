import {
  CALENDAR_UNIT_NAMES,
  CalendarUnit,
  ROLLING_UNIT_NAMES,
  ROLLING_UNITS,
  RollingUnit,
  WindowSpec,
  rollingMs,
} from '../rules/windows';

export { rollingMs };

/**
 * Window and duration syntax (docs/catalog.md, Windows), built from the window kinds of
 * core/rules/windows.ts. Two regular expressions cover the whole grammar, so there is no library:
 * `ms`-style parsers accept `1.5h`, `2 days`, `1y`… which PostgreSQL intervals and
 * docs/catalog.md don't.
 */

const ROLLING = new RegExp(`^([1-9][0-9]*)(${ROLLING_UNIT_NAMES.join('|')})$`);

/** Milliseconds per rolling unit; a day is always 24 hours (rolling windows are absolute). */
export const UNIT_MS = Object.fromEntries(ROLLING_UNIT_NAMES.map((u) => [u, ROLLING_UNITS[u].ms])) as Record<
  RollingUnit,
  number
>;

/**
 * The longest rolling window or duration: 100 years of 365 days. PostgreSQL timestamps start
 * in 4713 BC, so `at − 2N` (the previous window) stays in range; a longer window would make
 * every evaluation fail with "timestamp out of range".
 */
export const MAX_ROLLING_DAYS = 36_500;

/** The largest amount per unit within MAX_ROLLING_DAYS: 52560000m, 876000h, 36500d, 5214w. */
export const MAX_AMOUNT = Object.fromEntries(
  ROLLING_UNIT_NAMES.map((u) => [u, Math.floor((MAX_ROLLING_DAYS * UNIT_MS.d) / UNIT_MS[u])])
) as Record<RollingUnit, number>;

/** Why a window or duration is refused, if it has the rolling syntax but is too long. */
export function rollingTooLong(text: string): string | undefined {
  const m = ROLLING.exec(text);
  if (!m || Number(m[1]) <= MAX_AMOUNT[m[2] as RollingUnit]) {
    return undefined;
  }
  const limits = (['d', 'w', 'h', 'm'] as const).map((unit) => `${MAX_AMOUNT[unit]}${unit}`).join(', ');
  return `"${text}" is longer than 100 years (the most is ${limits})`;
}

/**
 * Parses a window or series step: rolling `15m`, `2h`, `30d`, `1w` (positive integer amount),
 * or calendar `day|week|month|quarter|year`. Returns undefined for anything else, including
 * a rolling window longer than 100 years (see rollingTooLong for the message).
 */
export function parseWindow(text: string): WindowSpec | undefined {
  if ((CALENDAR_UNIT_NAMES as readonly string[]).includes(text)) {
    return { kind: 'calendar', unit: text as CalendarUnit, text };
  }
  const m = ROLLING.exec(text);
  if (!m) {
    return undefined;
  }
  const amount = Number(m[1]);
  const unit = m[2] as RollingUnit;
  if (amount > MAX_AMOUNT[unit]) {
    return undefined;
  }
  return { kind: 'rolling', amount, unit, text };
}

/** Parses a duration such as `15m`, `2h`, `1d`, `1w` to milliseconds; undefined when invalid. */
export function parseDuration(text: string): number | undefined {
  const w = parseWindow(text);
  return w?.kind === 'rolling' ? w.amount * UNIT_MS[w.unit] : undefined;
}
