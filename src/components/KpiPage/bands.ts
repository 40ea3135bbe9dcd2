import type { Direction } from '../../core/catalog/model';
import type { JudgedSeries } from '../../core/evaluation/series';
import { isoMs } from '../../core/rules/instant';

/** One point of the KPI page's trend: the value and what was in force at that instant. */
export interface BandPoint {
  time: number;
  value: number | null;
  target: number | null;
  warning: number | null;
  critical: number | null;
  /** Paced KPIs: the target in force × the elapsed share of the period. */
  expectedToDate?: number | null;
}

/** The trend's points as epoch ms, each with the thresholds the series statement says were in force at it. */
export function bandPoints(series: JudgedSeries): BandPoint[] {
  return series.points.map((p) => ({ ...p, time: isoMs(p.time) }));
}

/**
 * The far edge the outer band fills to: a little past every figure on the bad side (below for
 * higher-is-better, above for lower-is-better), so the band reaches the chart's edge.
 */
export function outerEdge(points: BandPoint[], direction: Direction): number | null {
  const all = points.flatMap((p) => [p.value, p.target, p.warning, p.critical]).filter((v): v is number => v !== null);
  if (all.length === 0) {
    return null;
  }
  const min = Math.min(...all);
  const max = Math.max(...all);
  const margin = (max - min) * 0.1 || Math.abs(max) * 0.1 || 1;
  return direction === 'higher' ? min - margin : max + margin;
}
