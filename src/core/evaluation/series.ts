import { Catalog } from '../catalog/model';
import { compileSeries, SeriesRequest } from '../compiler/seriesQuery';
import { isoOrNull, numberOrNull, SqlRunner } from './runner';

export type { SeriesRequest } from '../compiler/seriesQuery';

export interface SeriesPoint {
  time: string;
  value: number | null;
  /** The target in force at `time` (schedules change it), or null. */
  target: number | null;
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
  return {
    kpi: request.kpiId,
    mode: request.mode,
    points: rows.map((r) => ({
      time: isoOrNull(r.time_ms) ?? '',
      value: numberOrNull(r.value),
      target: numberOrNull(r.target),
    })),
  };
}
