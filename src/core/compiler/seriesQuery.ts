import { Catalog, Kpi, WindowSpec } from '../catalog/model';
import { OpenKpiError } from '../errors';
import { quoteLiteral } from '../sql/quote';
import { epochMs } from './epoch';
import { DimensionFilter } from './filters';
import { KpiSqlContext, kpiById, kpiWindows, valueAtSql, valueOverSql, minVolumeOf, volumeAtSql } from './kpiSql';
import { elapsedShareSql, expectedToDateSql, projectedSql } from './pace';
import { targetSql } from './targets';
import type { RollupPlan } from '../rollup/plan';
import { RollupRead, rollupHistogramSql, rollupHllUnionSql, rollupValueSql } from '../rollup/read';
import { seriesStart } from './seriesGrid';
import { compileOnePass, exactTypesSql } from './trendOnePass';
import { distinctTrend } from './trendDistinct';
import { percentileTrend } from './trendPercentile';
import { sketchPercentileTrend } from './trendSketch';
import { hllDistinctTrend } from './trendHll';
import type { Bounds } from './windows';
import { bucketsSql, comparisonBucket, seriesGrid } from './trendGrid';
import { rollingMs } from '../catalog/duration';
import { shortestPeriodMs } from '../rules/windows';

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
  /**
   * Rollups present in the database (core/rollup/probe.ts): the slices or windows of the KPIs they
   * answer read their closed hours and raw rows for the rest (docs/rollups.md). Absent: raw rows.
   */
  rollups?: RollupPlan[];
}

/** A series statement and how it reads each KPI (what `openkpi sql` prints). */
export interface SeriesPlan {
  sql: string;
  paths: string[];
}

/** More buckets than this is a mistake (a 1m step over a year), not a chart. */
export const MAX_BUCKETS = 10000;

/** The shortest a step can be, to bound the bucket count before running anything. */
function shortestStepMs(step: WindowSpec): number {
  return step.kind === 'rolling' ? rollingMs(step) : shortestPeriodMs(step.unit);
}

/**
 * One statement returning `time_ms, value, target, warning, critical, expected_to_date` per
 * bucket, ordered by time: the target and thresholds are those in force at each point's instant.
 */
export function compileSeries(catalog: Catalog, asked: SeriesRequest): string {
  return compileSeriesPlan(catalog, asked).sql;
}

/** compileSeries with the path each KPI takes: one pass (slices from raw rows or a rollup) or point by point. */
export function compileSeriesPlan(catalog: Catalog, asked: SeriesRequest): SeriesPlan {
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
  const onePass = onePassSeries(catalog, kpi, request);
  if (onePass) {
    return onePass;
  }
  const sketched = sketchSeries(catalog, kpi, request);
  if (sketched) {
    return sketched;
  }
  const sweep = sweepSeries(catalog, kpi, request);
  if (sweep) {
    return sweep;
  }
  const rolled = pointRollup(catalog, kpi, request) !== undefined;
  const path = `${kpi.id}: point by point (one window per point, ${rolled ? 'from the rollup where it is fresh' : 'raw rows'})`;
  return { sql: pointByPoint(catalog, kpi, request), paths: [path] };
}

/**
 * The series in one pass over the rows (trendOnePass.ts), or undefined when the KPI's form or
 * the grid needs point by point. Sums and averages: the one pass when their expressions are
 * exact, else point by point; the check is one row of types, and the branch not taken is never
 * executed (a one-time filter).
 */
function onePassSeries(catalog: Catalog, kpi: Kpi, request: SeriesRequest): SeriesPlan | undefined {
  const grid = seriesGrid(request, catalog.timezone);
  const volume = needsVolume(catalog, kpi, request);
  const onePass = grid && compileOnePass(catalog, kpi, grid, { ...request, filters: request.filters ?? [], volume });
  if (!grid || !onePass) {
    return undefined;
  }
  const sql = seriesStatement(catalog, kpi, request, {
    ctes: [`buckets AS (${grid.points})`, ...onePass.ctes],
    from: ['buckets b', ...onePass.joins].join('\n'),
    time: grid.time,
    value: onePass.value,
    volume: onePass.volume,
  });
  const paths = onePass.paths.map((p) => `one pass; ${p}`);
  if (onePass.exact.length === 0) {
    return { sql, paths };
  }
  const gate = { cte: 'exact', sql: exactTypesSql(onePass.exact), column: 'exact', alias: 'one_pass' };
  return {
    sql: gatedSeries(gate, sql, pointByPoint(catalog, kpi, request)),
    paths: [...paths, `${kpi.id}: point by point instead when a summed expression is floating point`],
  };
}

/** A one-row check (`sql` selecting the boolean `column`) that decides which form of a series runs. */
interface SeriesGate {
  cte: string;
  sql: string;
  column: string;
  /** The alias of the faster form's subquery. */
  alias: string;
}

/**
 * The faster form of a series where its gate holds, else the point-by-point one, in one statement:
 * PostgreSQL evaluates the gate once and runs only the branch it selects.
 */
function gatedSeries(gate: SeriesGate, faster: string, pointByPointSql: string): string {
  const holds = `(SELECT ${gate.column} FROM ${gate.cte})`;
  return [
    `WITH ${gate.cte} AS MATERIALIZED (${gate.sql})`,
    `SELECT * FROM (\n${faster}\n) ${gate.alias}`,
    `WHERE ${holds}`,
    `UNION ALL`,
    `SELECT * FROM (\n${pointByPointSql}\n) point_by_point`,
    `WHERE NOT ${holds}`,
    `ORDER BY time_ms`,
  ].join('\n');
}

/**
 * How many points' windows a row lies in, about: the window's length over the step (a calendar
 * window to date: half its period). Where windows barely overlap (a 1-day window with daily
 * points, buckets), reading each window alone is cheaper than the one statement's sort.
 */
const DISTINCT_MIN_OVERLAP = 3;

function overlapOf(kpi: Kpi, step: WindowSpec): number {
  const windowMs = kpi.window.kind === 'rolling' ? rollingMs(kpi.window) : shortestPeriodMs(kpi.window.unit) / 2;
  return windowMs / shortestStepMs(step);
}

/**
 * An exact distinct count's or percentile's trend in one statement over the union of the points'
 * windows (trendDistinct.ts, trendPercentile.ts), when the windows overlap
 * (DISTINCT_MIN_OVERLAP), no rollup answers it (a sketch with `approximate: true` reads the
 * rollup point by point) and no volume is asked for. A distinct count goes point by point if the
 * windows' bounds ever decrease (checked by the statement first, as the exact sums); a
 * percentile's statement holds for any windows.
 */
function sweepSeries(catalog: Catalog, kpi: Kpi, request: SeriesRequest): SeriesPlan | undefined {
  if (
    request.mode !== 'trend' ||
    overlapOf(kpi, request.step) < DISTINCT_MIN_OVERLAP ||
    !sweepBeatsRollup(pointRollup(catalog, kpi, request)) ||
    needsVolume(catalog, kpi, request)
  ) {
    return undefined;
  }
  const ctx: KpiSqlContext = { catalog, filters: request.filters ?? [] };
  const bounds = kpiWindows(ctx, kpi, 'b.e').current;
  const buckets = pointBuckets(catalog, request);
  const statement = (sweep: { ctes: string[]; join: string; value: string }) =>
    seriesStatement(catalog, kpi, request, {
      ctes: [`buckets AS (${buckets})`, ...sweep.ctes],
      from: `buckets b ${sweep.join}`,
      time: 'b.e',
      value: sweep.value,
    });
  const percentile = percentileTrend(ctx, kpi, bounds);
  if (percentile) {
    return {
      sql: statement(percentile),
      paths: [
        `${kpi.id}: one statement over the rows of the points' windows (counted per order bucket, then only the rows of the buckets holding each point's percentile sorted; raw rows)`,
      ],
    };
  }
  const sweep = distinctTrend(ctx, kpi, bounds);
  if (!sweep) {
    return undefined;
  }
  const gate = { cte: 'distinct_gate', sql: sweep.gate(buckets), column: 'monotone', alias: 'one_statement' };
  return {
    sql: gatedSeries(gate, statement(sweep), pointByPoint(catalog, kpi, request)),
    paths: [
      `${kpi.id}: one statement over the rows of the points' windows (each distinct value counted at the points whose window holds it; raw rows)`,
    ],
  };
}

/**
 * Whether the one statement over the rows beats reading each point's window from the rollup:
 * always without a rollup read, and for a distinct count whose rollup read merges the plain-SQL
 * HyperLogLog registers (about one per distinct value and hour of each window: a 90-point trend
 * of a 30-day window merges 90 × 720 hours of them, slower than the exact statement, whose exact
 * counts the trend then shows). With the `hll` extension, or a percentile's histograms, each
 * point reads the rollup.
 */
function sweepBeatsRollup(read: RollupRead | undefined): boolean {
  return read === undefined || read.registers === true;
}

/**
 * How many steps long a distinct count's window must be for its hll trend in blocks
 * (trendHll.ts) to beat each point unioning its window's sketches: it unions each interval's
 * sketch and each block once more before the points do, so a 7-day window with daily points
 * (7 unions per point) took longer that way at 10 M rows, and a 30-day one (30) two thirds.
 */
const HLL_MIN_OVERLAP = 12;

/**
 * A percentile with `approximate: true` that a rollup answers, in one statement over the cut
 * intervals of its points' windows (trendSketch.ts), each interval's histogram read from the
 * rollup once: the same numbers as each point read alone; likewise a distinct count from the
 * `hll` extension's sketches in a trend whose window spans HLL_MIN_OVERLAP steps (trendHll.ts).
 * Not when a volume is asked for.
 */
function sketchSeries(catalog: Catalog, kpi: Kpi, request: SeriesRequest): SeriesPlan | undefined {
  if (!request.rollups?.length || needsVolume(catalog, kpi, request)) {
    return undefined;
  }
  const ctx: KpiSqlContext = { catalog, filters: request.filters ?? [] };
  const window = pointWindow(ctx, kpi, request);
  const trend =
    sketchPercentileTrend(window, (interval) =>
      rollupHistogramSql(catalog, kpi, interval, ctx.filters, request.rollups!)
    ) ??
    (request.mode === 'trend' && overlapOf(kpi, request.step) >= HLL_MIN_OVERLAP
      ? hllDistinctTrend(window, (interval) => rollupHllUnionSql(catalog, kpi, interval, ctx.filters, request.rollups!))
      : undefined);
  if (!trend) {
    return undefined;
  }
  const sql = seriesStatement(catalog, kpi, request, {
    ctes: [`buckets AS (${pointBuckets(catalog, request)})`, ...trend.ctes],
    from: `buckets b ${trend.join}`,
    time: request.mode === 'trend' ? 'b.e' : 'b.s',
    value: trend.value,
  });
  return {
    sql,
    paths: [
      `${kpi.id}: one statement over the cut intervals of the points' windows (each interval's sketch read once from ${trend.table}: day rows, hourly rows, raw edges)`,
    ],
  };
}

/** The window each point of a series reads: the KPI's own at the point's end (trend), the bucket (buckets). */
function pointWindow(ctx: KpiSqlContext, kpi: Kpi, request: SeriesRequest): Bounds {
  return request.mode === 'trend' ? kpiWindows(ctx, kpi, 'b.e').current : { from: 'b.s', to: 'b.e' };
}

/** The points of a point-by-point series: `s, e, ps` per bucket. */
function pointBuckets(catalog: Catalog, request: SeriesRequest): string {
  const from = `${quoteLiteral(request.from.toISOString())}::timestamptz`;
  const to = `${quoteLiteral(request.to.toISOString())}::timestamptz`;
  return bucketsSql(request.step, from, to, catalog.timezone);
}

/** The rollup read of a row KPI's window `[from, to)` per point, when a rollup answers it. */
function pointRollup(catalog: Catalog, kpi: Kpi, request: SeriesRequest, bounds = { from: 'b.s', to: 'b.e' }) {
  if (!request.rollups?.length || kpi.measure.kind === 'formula' || kpi.measure.kind === 'growth') {
    return undefined;
  }
  return rollupValueSql(catalog, kpi, bounds, request.filters ?? [], request.rollups);
}

/** Whether the series returns the judging columns: asked for, in trend mode, of a paced or minimum-volume KPI. */
function judged(catalog: Catalog, kpi: Kpi, request: SeriesRequest): boolean {
  return (
    request.judging === true &&
    request.mode === 'trend' &&
    (kpi.pace !== undefined || minVolumeOf(catalog, kpi) !== undefined)
  );
}

/** Whether the judging columns carry a volume: judged, of a minimum-volume KPI. */
function needsVolume(catalog: Catalog, kpi: Kpi, request: SeriesRequest): boolean {
  return judged(catalog, kpi, request) && minVolumeOf(catalog, kpi) !== undefined;
}

/** The series evaluated at each bucket: one scalar subquery per bucket and KPI term. */
function pointByPoint(catalog: Catalog, kpi: Kpi, request: SeriesRequest): string {
  const ctx: KpiSqlContext = { catalog, filters: request.filters ?? [] };
  const tz = catalog.timezone;
  const buckets = pointBuckets(catalog, request);
  // A row KPI a rollup answers reads each point's window from it (sketches when approximate: true).
  const window = pointWindow(ctx, kpi, request);
  const rolled = pointRollup(catalog, kpi, request, window)?.sql;
  const [time, value] =
    request.mode === 'trend'
      ? ['b.e', rolled ?? valueAtSql(ctx, kpi, 'b.e', 'current')]
      : [
          'b.s',
          rolled ??
            valueOverSql(ctx, kpi, { from: 'b.s', to: 'b.e' }, (named) =>
              comparisonBucket(named.compare, tz, { from: 'b.ps', to: 'b.s' })
            ),
        ];
  const volume = needsVolume(catalog, kpi, request) ? volumeAtSql(ctx, kpi, 'b.e') : undefined;
  return seriesStatement(catalog, kpi, request, {
    ctes: [`buckets AS (${buckets})`],
    from: 'buckets b',
    time,
    value,
    volume,
  });
}

/** What a series statement computes per point, over its FROM (`b`: the point's s and e). */
interface PointSql {
  ctes: string[];
  from: string;
  time: string;
  value: string;
  volume?: string;
}

/**
 * The series statement around per-point expressions: `time_ms, value, target, warning,
 * critical, expected_to_date` (and the judging columns when asked), ordered by time.
 */
function seriesStatement(catalog: Catalog, kpi: Kpi, request: SeriesRequest, p: PointSql): string {
  const ctx: KpiSqlContext = { catalog, filters: request.filters ?? [] };
  // What is in force at each reported instant: a target line that follows a schedule, and each
  // point's thresholds, so a panel colours itself without evaluating the KPI again.
  const inForce = targetSql(kpi, p.time, catalog.timezone);
  // A paced KPI's trend also carries the expected-to-date line (target × elapsed share at each point).
  const share = request.mode === 'trend' ? elapsedShareSql(kpi, kpiWindows(ctx, kpi, 'b.e')) : 'NULL::double precision';
  const columns = [
    `${epochMs(p.time)} AS time_ms, ${p.value} AS value`,
    `${inForce.target} AS target, ${inForce.warning} AS warning, ${inForce.critical} AS critical`,
    `${share} AS elapsed_share`,
    ...(p.volume !== undefined ? [`${p.volume} AS volume`] : []),
  ].join(',\n  ');
  const judging = judged(catalog, kpi, request)
    ? `, elapsed_share, ${projectedSql('value', 'elapsed_share')} AS projected, ${p.volume !== undefined ? 'volume' : 'NULL::double precision AS volume'}`
    : '';
  const outer = `time_ms, value, target, warning, critical, ${expectedToDateSql('target', 'elapsed_share')} AS expected_to_date${judging}`;
  return `WITH ${p.ctes.join(',\n')}\nSELECT ${outer}\nFROM (\nSELECT b.s, ${columns}\nFROM ${p.from}\n) p\nORDER BY p.s`;
}

/**
 * The point-by-point statement of a series whatever its form (one subquery per point): what the
 * one pass must equal (tests) and what it is measured against (bench).
 */
export function compileSeriesPointByPoint(catalog: Catalog, asked: SeriesRequest): string {
  const request = { ...asked, from: seriesStart(asked.from, asked.to, asked.step, asked.mode, asked.endAligned) };
  return pointByPoint(catalog, kpiById(catalog, asked.kpiId), request);
}
