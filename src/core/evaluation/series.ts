import { Catalog } from '../catalog/model';
import { kpiById } from '../compiler/kpiSql';
import { compileSeries, SeriesRequest } from '../compiler/seriesQuery';
import type { Thresholds } from '../rules/statusRule';
import { isoOrNull, numberOrNull, SqlRunner } from './runner';

export type { SeriesRequest } from '../compiler/seriesQuery';

export interface SeriesPoint {
  time: string;
  value: number | null;
  /** The target in force at `time` (schedules change it), or null. */
  target: number | null;
  /** A paced KPI's trend: the target in force × the elapsed share of the period at `time` (docs/catalog.md: Pace). */
  expectedToDate?: number | null;
}

/** `series --json` (docs/cli.md). */
export interface SeriesResult {
  kpi: string;
  mode: 'trend' | 'buckets';
  points: SeriesPoint[];
}

/** What eval judges at a point (asked with `judging`): a paced KPI's share and projection, the volume. */
export interface PointJudging {
  elapsedShare: number | null;
  projected: number | null;
  volume: number | null;
}

/** A point with the thresholds in force at its instant, as the series statement returns them. */
export type JudgedPoint = SeriesPoint & Thresholds & { judging?: PointJudging };

/** A series whose points carry their thresholds (panels colour with them, backtests judge with them). */
export interface JudgedSeries extends SeriesResult {
  points: JudgedPoint[];
}

/** Evaluates a KPI's time series with one statement; each point with the thresholds in force at it. */
export async function evaluateJudgedSeries(
  catalog: Catalog,
  request: SeriesRequest,
  runner: SqlRunner
): Promise<JudgedSeries> {
  const rows = await runner.query(compileSeries(catalog, request));
  const paced = request.mode === 'trend' && kpiById(catalog, request.kpiId).pace !== undefined;
  return {
    kpi: request.kpiId,
    mode: request.mode,
    points: rows.map((r) => ({
      time: isoOrNull(r.time_ms) ?? '',
      value: numberOrNull(r.value),
      target: numberOrNull(r.target),
      warning: numberOrNull(r.warning),
      critical: numberOrNull(r.critical),
      ...(paced ? { expectedToDate: numberOrNull(r.expected_to_date) } : {}),
      ...(request.judging && request.mode === 'trend'
        ? {
            judging: {
              elapsedShare: numberOrNull(r.elapsed_share),
              projected: numberOrNull(r.projected),
              volume: numberOrNull(r.volume),
            },
          }
        : {}),
    })),
  };
}

/** Evaluates a KPI's time series with one statement (`series --json`: the target, not the thresholds). */
export async function evaluateSeries(
  catalog: Catalog,
  request: SeriesRequest,
  runner: SqlRunner
): Promise<SeriesResult> {
  const judged = await evaluateJudgedSeries(catalog, request, runner);
  return {
    ...judged,
    points: judged.points.map((p) => ({
      time: p.time,
      value: p.value,
      target: p.target,
      ...('expectedToDate' in p ? { expectedToDate: p.expectedToDate } : {}),
    })),
  };
}
