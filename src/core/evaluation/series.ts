import { Catalog } from '../catalog/model';
import { kpiById } from '../compiler/kpiSql';
import { compileSeries, SeriesRequest } from '../compiler/seriesQuery';
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

/** Evaluates a KPI's time series with one statement. */
export async function evaluateSeries(
  catalog: Catalog,
  request: SeriesRequest,
  runner: SqlRunner
): Promise<SeriesResult> {
  const rows = await runner.query(compileSeries(catalog, request));
  const paced = request.mode === 'trend' && kpiById(catalog, request.kpiId).pace !== undefined;
  return {
    kpi: request.kpiId,
    mode: request.mode,
    points: rows.map((r) => ({
      time: isoOrNull(r.time_ms) ?? '',
      value: numberOrNull(r.value),
      target: numberOrNull(r.target),
      ...(paced ? { expectedToDate: numberOrNull(r.expected_to_date) } : {}),
    })),
  };
}
