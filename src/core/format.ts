/**
 * Human-readable figures (CLI tables, reports, app exports): the KPI's decimals and Grafana unit id.
 * Only the common units are spelled out; any other unit id is appended as is.
 */

/** Shown for a null figure. */
export const EMPTY = '-';

const SUFFIX: Record<string, string> = {
  percent: '%',
  s: ' s',
  ms: ' ms',
  m: ' min',
  h: ' h',
  d: ' d',
  bytes: ' B',
};

const PREFIX: Record<string, string> = {
  currencyUSD: '$',
  currencyEUR: '€',
  currencyGBP: '£',
};

/** A number with `decimals` fraction digits, or a sensible precision when the KPI sets none. */
export function formatNumber(value: number, decimals?: number): string {
  const options: Intl.NumberFormatOptions =
    decimals !== undefined
      ? { minimumFractionDigits: decimals, maximumFractionDigits: decimals }
      : Math.abs(value) >= 1 || value === 0
        ? { maximumFractionDigits: 2 }
        : { maximumSignificantDigits: 3 };
  return new Intl.NumberFormat('en-US', options).format(value);
}

/** A KPI figure with its unit: percent → `96.2%`, s → `12.0 s`, currencyUSD → `$1,200.00`. */
export function formatValue(value: number | null, unit?: string, decimals?: number): string {
  if (value === null) {
    return EMPTY;
  }
  if (unit === 'percentunit') {
    return `${formatNumber(value * 100, decimals)}%`;
  }
  const number = formatNumber(value, decimals);
  if (unit !== undefined && unit in PREFIX) {
    return value < 0 ? `-${PREFIX[unit]}${number.slice(1)}` : `${PREFIX[unit]}${number}`;
  }
  if (unit === undefined || unit === 'none' || unit === 'short') {
    return number;
  }
  return `${number}${SUFFIX[unit] ?? ` ${unit}`}`;
}

/** The absolute part of a change, unsigned: percentage points for a percent KPI, else its unit. */
function changeMagnitude(change: number, unit?: string, decimals?: number): string {
  if (unit === 'percent' || unit === 'percentunit') {
    return `${formatNumber(Math.abs(unit === 'percent' ? change : change * 100), decimals)} pp`;
  }
  return formatValue(Math.abs(change), unit, decimals);
}

/**
 * Whether a change rounds to zero at the KPI's decimals ("0.0 pp", "$0"): below the precision the
 * KPI is shown at, so every view shows it as no change (no sign, arrow or colour), whatever its
 * relative size; a growth KPI at 1.84 % → 1.80 % is "0.0 pp (-2.0%)", not a fall.
 */
export function changeRoundsToZero(change: number, unit?: string, decimals?: number): boolean {
  return showsZero(changeMagnitude(change, unit, decimals));
}

/** Whether a formatted number reads as zero ("0.0", "$0", "-0.0"): it has no non-zero digit. */
const showsZero = (text: string): boolean => !/[1-9]/.test(text);

/** A change's two parts, each formatted: `+2.2 pp` and `+2.3%` (null without a relative change). */
export interface ChangeParts {
  absolute: string;
  relative: string | null;
}

/**
 * The change against the previous window as its parts, signed: `+2.2 pp` and `+2.3%`; null when
 * there is no change. A change of a percentage is in percentage points, so `pp` rather than `%`
 * avoids reading it as a relative change. A change that rounds to zero has no sign: `0.0 pp` with
 * `-2.0%`, never `-0.0 pp`. Views lay the parts out themselves (one line, or two in a narrow cell).
 */
export function formatChangeParts(
  change: number | null,
  changePercent: number | null,
  unit?: string,
  decimals?: number
): ChangeParts | null {
  if (change === null) {
    return null;
  }
  const magnitude = changeMagnitude(change, unit, decimals);
  const sign = showsZero(magnitude) ? '' : change > 0 ? '+' : '-';
  const absolute = `${sign}${magnitude}`;
  if (changePercent === null) {
    return { absolute, relative: null };
  }
  const relative = formatNumber(changePercent, 1);
  const relSign = showsZero(relative) ? '' : changePercent > 0 ? '+' : '-';
  return { absolute, relative: `${relSign}${relative.replace(/^-/, '')}%` };
}

/** The parts on one line, `+2.2 pp (+2.3%)`; `-` for no change. */
export function joinChange(parts: ChangeParts | null): string {
  if (parts === null) {
    return EMPTY;
  }
  return parts.relative === null ? parts.absolute : `${parts.absolute} (${parts.relative})`;
}

/** The change against the previous window on one line, signed: `+2.2 pp (+2.3%)` (see formatChangeParts). */
export function formatChange(
  change: number | null,
  changePercent: number | null,
  unit?: string,
  decimals?: number
): string {
  return joinChange(formatChangeParts(change, changePercent, unit, decimals));
}

/** An attainment (% of target) with one decimal. */
export function formatAttainment(attainment: number | null): string {
  return attainment === null ? EMPTY : `${formatNumber(attainment, 1)}%`;
}

/** An instant without milliseconds when they are zero: `2025-03-30T23:58:00Z`. */
export function formatInstant(iso: string | null): string {
  return iso === null ? EMPTY : iso.replace(/\.000Z$/, 'Z');
}
