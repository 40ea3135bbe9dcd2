import { Catalog, Kpi, WindowSpec } from '../catalog/model';
import { OpenKpiError } from '../errors';
import { quoteLiteral } from '../sql/quote';
import { epochMs } from './epoch';
import { DimensionFilter } from './filters';
import { KpiSqlContext, kpiById, kpiWindows, valueAtSql, valueOverSql, minVolumeOf, volumeAtSql } from './kpiSql';
import { elapsedShareSql, expectedToDateSql, projectedSql } from './pace';
import { targetSql } from './targets';
import { seriesStart } from './seriesGrid';
import { compileTrendOnePass, exactTypesSql } from './trendOnePass';
import { rollingMs } from '../catalog/duration';
import { shortestPeriodMs } from '../rules/windows';
import { Bounds, calendarFloorLocal, calendarLength, fromLocal, absoluteInterval, yearEarlierBounds } from './windows';

/** A time series of one KPI (docs/cli.md, `openkpi series`). */
export interface SeriesRequest {
  kpiId: string;
  from: Date;
  to: Date;
  step: WindowSpec;
  /** `trend`: the KPI with its own window at each bucket end; `buckets`: its measure over each bucket. */
  mode: 'trend' | 'buckets';
  filters?: DimensionFilter[];
  /**
   * Trend mode: also return what eval judges at each point (`elapsed_share`, `projected`,
   * `volume`), so a backtest judges like eval (docs/catalog.md: Pace, Minimum volume).
   */
  judging?: boolean;
  /** Lay a rolling trend's grid back from `to`, so its last point is the KPI at `to` (seriesGrid.ts). */
  endAligned?: boolean;
}

/** More buckets than this is a mistake (a 1m step over a year), not a chart. */
export const MAX_BUCKETS = 10000;

/** The shortest a step can be, to bound the bucket count before running anything. */
function shortestStepMs(step: WindowSpec): number {
  return step.kind === 'rolling' ? rollingMs(step) : shortestPeriodMs(step.unit);
}

/**
 * `SELECT s, e, ps` of every bucket `[s_k, e_k)` with `s_k < to`; `ps` is the start of the
 * bucket before it (`[ps, s)`), which a growth KPI's buckets compare with.
 */
function bucketsSql(step: WindowSpec, from: string, to: string, tz: string): string {
  if (step.kind === 'rolling') {
    const length = absoluteInterval(rollingMs(step));
    return `SELECT g AS s, g + ${length} AS e, g - ${length} AS ps FROM generate_series(${from}, ${to}, ${length}) g WHERE g < ${to}`;
  }
  // Calendar steps are aligned in the catalog zone: the first bucket is the period containing `from`.
  const length = calendarLength(step.unit);
  const series = `generate_series(${calendarFloorLocal(step.unit, from, tz)}, ${`(${to} AT TIME ZONE ${quoteLiteral(tz)})`}, ${length})`;
  return `SELECT s, e, ps FROM (SELECT ${fromLocal('g', tz)} AS s, ${fromLocal(`(g + ${length})`, tz)} AS e, ${fromLocal(`(g - ${length})`, tz)} AS ps FROM ${series} g) b WHERE s < ${to}`;
}

/** The bucket a growth KPI's bucket compares with: the one before, or the same a year earlier. */
function comparisonBucket(named: Kpi, tz: string): Bounds {
  const bucket = { from: 'b.s', to: 'b.e' };
  return named.compare === 'year' ? yearEarlierBounds(bucket, tz) : { from: 'b.ps', to: 'b.s' };
}

/**
 * One statement returning `time_ms, value, target, warning, critical, expected_to_date` per
 * bucket, ordered by time: the target and thresholds are those in force at each point's instant.
 */
export function compileSeries(catalog: Catalog, asked: SeriesRequest): string {
  const kpi = kpiById(catalog, asked.kpiId);
  const request = { ...asked, from: seriesStart(asked.from, asked.to, asked.step, asked.mode, asked.endAligned) };
  const span = request.to.getTime() - request.from.getTime();
  // from = to is allowed: a calendar step still has the bucket of the period containing `from`.
  if (!(span >= 0)) {
    throw new OpenKpiError(`series of ${kpi.id}: --from must not be after --to`);
  }
  if (span / shortestStepMs(request.step) > MAX_BUCKETS) {
    throw new OpenKpiError(
      `series of ${kpi.id}: step ${request.step.text} gives more than ${MAX_BUCKETS} points; choose a larger step`
    );
  }
  // The one-pass trend has no pace or volume columns: judging a gated KPI goes point by point.
  if (request.mode === 'trend' && request.step.kind === 'rolling' && !judged(catalog, kpi, request)) {
    const stepMs = rollingMs(request.step);
    const onePass = compileTrendOnePass(catalog, kpi, { ...request, stepMs, filters: request.filters ?? [] });
    if (onePass !== undefined && onePass.exact.length === 0) {
      return onePass.sql;
    }
    if (onePass !== undefined) {
      // Sums and averages: the one pass when their expressions are exact, else point by point. The
      // check is one row of types; the branch not taken is never executed (a one-time filter).
      const columns = 'time_ms, value, target, warning, critical';
      return [
        `WITH exact AS MATERIALIZED (${exactTypesSql(catalog, kpi, onePass.exact)})`,
        `SELECT ${columns}, NULL::double precision AS expected_to_date FROM (\n${onePass.sql}\n) one_pass`,
        `WHERE (SELECT exact FROM exact)`,
        `UNION ALL`,
        `SELECT ${columns}, expected_to_date FROM (\n${pointByPoint(catalog, kpi, request)}\n) point_by_point`,
        `WHERE NOT (SELECT exact FROM exact)`,
        `ORDER BY time_ms`,
      ].join('\n');
    }
  }
  return pointByPoint(catalog, kpi, request);
}

/** Whether the series returns the judging columns: asked for, in trend mode, of a paced or minimum-volume KPI. */
function judged(catalog: Catalog, kpi: Kpi, request: SeriesRequest): boolean {
  return (
    request.judging === true &&
    request.mode === 'trend' &&
    (kpi.pace !== undefined || minVolumeOf(catalog, kpi) !== undefined)
  );
}

/** The series evaluated at each bucket: one scalar subquery per bucket and KPI term. */
function pointByPoint(catalog: Catalog, kpi: Kpi, request: SeriesRequest): string {
  const needsVolume = judged(catalog, kpi, request) && minVolumeOf(catalog, kpi) !== undefined;
  const ctx: KpiSqlContext = { catalog, filters: request.filters ?? [] };
  const from = `${quoteLiteral(request.from.toISOString())}::timestamptz`;
  const to = `${quoteLiteral(request.to.toISOString())}::timestamptz`;
  const buckets = bucketsSql(request.step, from, to, catalog.timezone);
  const tz = catalog.timezone;
  const [time, value] =
    request.mode === 'trend'
      ? ['b.e', valueAtSql(ctx, kpi, 'b.e', 'current')]
      : ['b.s', valueOverSql(ctx, kpi, { from: 'b.s', to: 'b.e' }, (named) => comparisonBucket(named, tz))];
  // What is in force at each reported instant: a target line that follows a schedule, and each
  // point's thresholds, so a panel colours itself without evaluating the KPI again.
  const inForce = targetSql(kpi, time, tz);
  // A paced KPI's trend also carries the expected-to-date line (target × elapsed share at each point).
  const share = request.mode === 'trend' ? elapsedShareSql(kpi, kpiWindows(ctx, kpi, 'b.e')) : 'NULL::double precision';
  const columns = [
    `${epochMs(time)} AS time_ms, ${value} AS value`,
    `${inForce.target} AS target, ${inForce.warning} AS warning, ${inForce.critical} AS critical`,
    `${share} AS elapsed_share`,
    ...(needsVolume ? [`${volumeAtSql(ctx, kpi, 'b.e')} AS volume`] : []),
  ].join(',\n  ');
  const judging = judged(catalog, kpi, request)
    ? `, elapsed_share, ${projectedSql('value', 'elapsed_share')} AS projected, ${needsVolume ? 'volume' : 'NULL::double precision AS volume'}`
    : '';
  const outer = `time_ms, value, target, warning, critical, ${expectedToDateSql('target', 'elapsed_share')} AS expected_to_date${judging}`;
  return `WITH buckets AS (${buckets})\nSELECT ${outer}\nFROM (\nSELECT b.s, ${columns}\nFROM buckets b\n) p\nORDER BY p.s`;
}
