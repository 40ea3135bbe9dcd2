import type { Kpi } from '../catalog/model';
import { aggregateRule } from '../rules/aggregates';
import { KpiSqlContext, kpiRowConditions } from './kpiSql';
import type { Bounds } from '../compiler/windows';
import { cutIntervalCtes } from './cutIntervals';
import { fromClause, sourceOf, timeColumn, whereClause } from './sources';

/**
 * An exact percentile at every point of a series in one statement over the rows of the union of
 * the points' windows, instead of one `percentile_cont` subquery (one sort of the window's rows)
 * per point (docs/engine.md: Series in one pass).
 *
 * As in trendDistinct.ts, every distinct bound of the points' windows is a cut, and rows between
 * two cuts (interval `c`) lie in the same windows. The rows are counted once per interval and
 * order bucket (4 % of relative width, `orderKeySql`); summing the intervals of a window
 * gives each point its row count N and, by a running sum over the buckets, the bucket that holds
 * each of the two order statistics `percentile_cont` interpolates between (ranks ⌊f·(N−1)⌋ and
 * ⌈f·(N−1)⌉) and how many rows lie below it. Only the rows of those buckets are then read again,
 * and the same narrowing over 256 finer buckets inside each finds the one fine bucket and the
 * position in it; among its few values in the window the order statistic is the smallest whose
 * running count reaches that position. The result is what `percentile_cont` gives (the same
 * float8 interpolation), from two scans and small sorts instead of a sort of every window.
 */
export interface PercentileTrend {
  ctes: string[];
  /** Joined after `buckets b`. */
  join: string;
  value: string;
}

/** The width of an order bucket: ln(x) in steps of 0.04, buckets of 4 % relative width. */
const LN_STEP = 0.04;
/** Within a bucket, 256 finer ones: the second narrowing (continuous values rarely tie). */
const FINE_STEP = LN_STEP / 256;
/** Keeps every bucket index of a positive double (|ln x| < 745) above zero, at either width. */
const KEY_OFFSET = 1e9;

/**
 * A bucket key that never decreases as the value grows (negative values mirrored, 0 alone):
 * rows of one key are contiguous in the value order. Integer steps of ln only (no exp), so no
 * double overflows or underflows, whatever the value.
 */
export function orderKeySql(x: string, step = LN_STEP): string {
  const index = (v: string) => `(${KEY_OFFSET} + ceil(ln(${v}) / ${step}))`;
  return `CASE WHEN ${x} > 0 THEN ${index(x)} WHEN ${x} < 0 THEN -${index(`-${x}`)} ELSE 0::double precision END`;
}

/** The one-statement percentile of a percentile KPI over each point's window `bounds` (SQL over b.e). */
export function percentileTrend(ctx: KpiSqlContext, kpi: Kpi, bounds: Bounds): PercentileTrend | undefined {
  const m = kpi.measure;
  const fraction = m.kind === 'aggregate' ? aggregateRule(m.aggregate).fraction : undefined;
  if (m.kind !== 'aggregate' || fraction === undefined || m.expression === undefined) {
    return undefined;
  }
  const source = sourceOf(ctx.catalog, kpi);
  const t = timeColumn(source);
  const { own, filters } = kpiRowConditions(ctx, kpi, source);
  const v = `(${m.expression})::double precision`;
  const { ctes: intervals, cuts } = cutIntervalCtes('pct', bounds);
  const conditions = [
    ...own,
    `${t} >= (SELECT min(cf) FROM pct_windows)`,
    `${t} < (SELECT max(ct) FROM pct_windows)`,
    ...filters,
    ...(m.filter ? [`(${m.filter})`] : []),
    `(${m.expression}) IS NOT NULL`,
  ];
  const rows = (extra: string[]) => `${fromClause(source)}\n  ${whereClause([...conditions, ...extra])}`;
  const ctes = [
    ...intervals,
    `pct_hist AS MATERIALIZED (SELECT c, k, count(*) AS n, min(v) AS vmin, max(v) AS vmax\n  FROM (SELECT width_bucket(${t}, ${cuts}) AS c, ${orderKeySql(v)} AS k, ${v} AS v\n  ${rows([])}) r GROUP BY c, k)`,
    // Running counts over the intervals per bucket (every interval, empty ones 0): a window's count
    // of a bucket is the difference of two, whatever the number of points.
    `pct_grid AS MATERIALIZED (SELECT g.c, ks.k, sum(coalesce(h.n, 0)) OVER (PARTITION BY ks.k ORDER BY g.c) AS cum
  FROM generate_series(0, (SELECT n FROM pct_cuts)) g(c) CROSS JOIN (SELECT DISTINCT k FROM pct_hist) ks
  LEFT JOIN pct_hist h ON h.c = g.c AND h.k = ks.k)`,
    `pct_point_ends AS MATERIALIZED (SELECT w.s, w.lo, a.k, a.cum FROM pct_spans w JOIN pct_grid a ON a.c = w.hi - 1)`,
    `pct_point_hist AS (SELECT e.s, e.k, e.cum - z.cum AS n\n  FROM pct_point_ends e JOIN pct_grid z ON z.c = e.lo - 1 AND z.k = e.k WHERE e.cum > z.cum)`,
    // As percentile_cont: rank r = f·(N−1) in float8, interpolated between ranks ⌊r⌋ and ⌈r⌉ (0-based).
    `pct_ranked AS MATERIALIZED (SELECT s, k, n, cum, floor(r) AS rlo, ceil(r) AS rhi, r
  FROM (SELECT s, k, n, sum(n) OVER (PARTITION BY s ORDER BY k) AS cum, ${fraction}::double precision * (sum(n) OVER (PARTITION BY s) - 1)::double precision AS r FROM pct_point_hist) x)`,
    // The buckets holding ranks ⌊r⌋ and ⌈r⌉, and how many rows of the window lie below each.
    `pct_picks AS MATERIALIZED (SELECT a.s, a.r, a.rlo, a.rhi, a.k AS klo, a.cum - a.n AS blo, z.k AS khi, z.cum - z.n AS bhi, p.lo, p.hi
  FROM pct_ranked a JOIN pct_ranked z ON z.s = a.s AND z.cum > z.rhi AND z.cum - z.n <= z.rhi JOIN pct_spans p ON p.s = a.s
  WHERE a.cum > a.rlo AND a.cum - a.n <= a.rlo)`,
    `pct_range AS MATERIALIZED (SELECT min(vmin) AS vmin, max(vmax) AS vmax, array_agg(DISTINCT k) AS keys FROM pct_hist
  WHERE k IN (SELECT klo FROM pct_picks UNION SELECT khi FROM pct_picks))`,
    // The rows of the picked buckets only (a range on the value first, the bucket key on what is
    // left), per interval, fine bucket and value: ties and repeated values are one row each.
    `pct_candidates AS MATERIALIZED (SELECT c, k, f, v, count(*) AS n FROM (SELECT width_bucket(${t}, ${cuts}) AS c, ${v} AS v\n  ${rows([`${v} >= (SELECT vmin FROM pct_range)`, `${v} <= (SELECT vmax FROM pct_range)`])}) r\n  CROSS JOIN LATERAL (SELECT ${orderKeySql('r.v')} AS k, ${orderKeySql('r.v', FINE_STEP)} AS f) key\n  WHERE k = ANY ((SELECT keys FROM pct_range)::double precision[]) GROUP BY c, k, f, v)`,
    // The same narrowing again inside each picked bucket: running counts per fine bucket.
    `pct_fine_grid AS MATERIALIZED (SELECT g.c, kf.k, kf.f, sum(coalesce(h.n, 0)) OVER (PARTITION BY kf.k, kf.f ORDER BY g.c) AS cum
  FROM generate_series(0, (SELECT n FROM pct_cuts)) g(c) CROSS JOIN (SELECT DISTINCT k, f FROM pct_candidates) kf
  LEFT JOIN (SELECT c, k, f, sum(n) AS n FROM pct_candidates GROUP BY c, k, f) h ON h.c = g.c AND h.k = kf.k AND h.f = kf.f)`,
    // Each point's two order statistics as (bucket, 1-based position in it); side 0 is ⌊r⌋, 1 is ⌈r⌉.
    `pct_targets AS (SELECT s, lo, hi, 0 AS side, klo AS k, rlo - blo + 1 AS j FROM pct_picks UNION ALL SELECT s, lo, hi, 1, khi, rhi - bhi + 1 FROM pct_picks)`,
    // Two lookups of the running counts (at the window's last interval, then its first), in this order: each target meets only its bucket's rows.
    `pct_fine_ends AS MATERIALIZED (SELECT t.s, t.side, t.lo, t.j, a.k, a.f, a.cum, t.hi FROM pct_targets t JOIN pct_fine_grid a ON a.c = t.hi - 1 AND a.k = t.k)`,
    `pct_fine_ranked AS (SELECT e.s, e.side, e.lo, e.hi, e.j, e.k, e.f, e.cum - z.cum AS n, sum(e.cum - z.cum) OVER (PARTITION BY e.s, e.side ORDER BY e.f) AS cum
  FROM pct_fine_ends e JOIN pct_fine_grid z ON z.c = e.lo - 1 AND z.k = e.k AND z.f = e.f WHERE e.cum > z.cum)`,
    `pct_fine_picks AS MATERIALIZED (SELECT s, side, lo, hi, k, f, j - (cum - n) AS j FROM pct_fine_ranked WHERE cum >= j AND cum - n < j)`,
    // The order statistic: the smallest value of the fine bucket in the window whose running count reaches the position.
    `pct_order_stats AS (SELECT s, side, min(v) FILTER (WHERE cum >= j) AS v
  FROM (SELECT p.s, p.side, p.j, x.v, sum(sum(x.n)) OVER (PARTITION BY p.s, p.side ORDER BY x.v) AS cum
    FROM pct_fine_picks p JOIN pct_candidates x ON x.k = p.k AND x.f = p.f AND x.c >= p.lo AND x.c < p.hi GROUP BY p.s, p.side, p.j, x.v) y
  GROUP BY s, side)`,
    `pct_values AS (SELECT p.s, p.r, p.rlo, a.v AS vlo, z.v AS vhi
  FROM pct_picks p JOIN pct_order_stats a ON a.s = p.s AND a.side = 0 JOIN pct_order_stats z ON z.s = p.s AND z.side = 1)`,
  ];
  // percentile_cont: the order statistic itself at a whole rank, else lo + (hi − lo) · (r − ⌊r⌋) in float8.
  return {
    ctes,
    join: 'LEFT JOIN pct_values v ON v.s = b.s',
    value: '(CASE WHEN v.rlo = v.r THEN v.vlo ELSE v.vlo + (v.vhi - v.vlo) * (v.r - v.rlo) END)',
  };
}
