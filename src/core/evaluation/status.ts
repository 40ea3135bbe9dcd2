import { Direction } from '../catalog/model';
import type { Status } from '../rules/status';
import { gatesOf } from '../rules/gates';
import { statusOf, Thresholds } from '../rules/statusRule';

/** What decides a KPI's status beyond its thresholds (docs/catalog.md: Pace, Minimum volume). */
export interface Judgement {
  /** The to-date value: null is no_data. */
  value: number | null;
  /** The figure judged against the thresholds: `projected` for a paced KPI, else the value. */
  judged: number | null;
  /** Rows in the current window, and the minimum that allows a verdict (absent: not checked). */
  volume?: number | null;
  minVolume?: number;
  /** A paced KPI's elapsed share of the period, and the share before which it is pending. */
  elapsedShare?: number | null;
  after?: number;
}

/**
 * The status of a KPI by the status rule (core/rules/statusRule.ts: no_data, low_volume,
 * pending, then the thresholds), judging `judged`, with the gates of pace and volume (core/rules/gates.ts).
 */
export function judgedStatus(j: Judgement, t: Thresholds, direction: Direction): Status {
  return statusOf(j.value === null ? null : j.judged, t, direction, gatesOf(j));
}

/**
 * A paced KPI's attainment: 100 × to-date value / period target, in both directions (progress
 * toward the period's target; for `lower`, the share of the allowance used so far).
 */
export function pacedAttainment(value: number | null, target: number | null): number | null {
  return value === null || target === null || target === 0 ? null : (100 * value) / target;
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
