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

/**
 * The change against the previous window, signed: `+2.2 pp (+2.3%)`. A change of a percentage
 * is in percentage points, so `pp` rather than `%` avoids reading it as a relative change.
 */
export function formatChange(
  change: number | null,
  changePercent: number | null,
  unit?: string,
  decimals?: number
): string {
  if (change === null) {
    return EMPTY;
  }
  const sign = change > 0 ? '+' : '';
  const absolute =
    unit === 'percent' || unit === 'percentunit'
      ? `${sign}${formatNumber(unit === 'percent' ? change : change * 100, decimals)} pp`
      : `${sign}${formatValue(change, unit, decimals)}`;
  if (changePercent === null) {
    return absolute;
  }
  const relSign = changePercent > 0 ? '+' : '';
  return `${absolute} (${relSign}${formatNumber(changePercent, 1)}%)`;
}

/** An attainment (% of target) with one decimal. */
export function formatAttainment(attainment: number | null): string {
  return attainment === null ? EMPTY : `${formatNumber(attainment, 1)}%`;
}

/** An instant without milliseconds when they are zero: `2025-03-30T23:58:00Z`. */
export function formatInstant(iso: string | null): string {
  return iso === null ? EMPTY : iso.replace(/\.000Z$/, 'Z');
}
