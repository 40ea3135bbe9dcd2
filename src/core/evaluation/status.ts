import { Direction } from '../catalog/model';

/** `error`: the KPI's query failed; the others are in docs/catalog.md, Thresholds and status. */
export type Status = 'ok' | 'warning' | 'critical' | 'no_data' | 'error';

export interface Thresholds {
  warning: number | null;
  critical: number | null;
}

/** True when `value` is worse than `threshold` for the direction; equal never breaches. */
export function breaches(value: number, threshold: number | null, direction: Direction): boolean {
  if (threshold === null) {
    return false;
  }
  return direction === 'higher' ? value < threshold : value > threshold;
}

/** docs/catalog.md, Thresholds and status: critical before warning; absent thresholds never trigger; null is no_data. */
export function statusOf(value: number | null, t: Thresholds, direction: Direction): Status {
  if (value === null) {
    return 'no_data';
  }
  if (breaches(value, t.critical, direction)) {
    return 'critical';
  }
  if (breaches(value, t.warning, direction)) {
    return 'warning';
  }
  return 'ok';
}

/** % of target: higher 100·v/t, lower 100·t/v; null when either is null or the divisor is 0. */
export function attainment(value: number | null, target: number | null, direction: Direction): number | null {
  if (value === null || target === null) {
    return null;
  }
  const [num, den] = direction === 'higher' ? [value, target] : [target, value];
  return den === 0 ? null : (100 * num) / den;
}

export interface Change {
  change: number | null;
  changePercent: number | null;
}

/** change = value − previous; changePercent = 100·change/|previous|, null when previous is null or 0. */
export function changeOf(value: number | null, previous: number | null): Change {
  if (value === null || previous === null) {
    return { change: null, changePercent: null };
  }
  const change = value - previous;
  return { change, changePercent: previous === 0 ? null : (100 * change) / Math.abs(previous) };
}
