import { Direction } from '../catalog/model';

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
