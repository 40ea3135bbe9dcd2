import type { Kpi } from '../catalog/model';
import { KpiSqlContext, kpiRowConditions } from './kpiSql';
import type { Bounds } from '../compiler/windows';
import { fromClause, sourceOf, timeColumn, whereClause } from './sources';

/**
 * An exact distinct count at every point of a series in one statement over the rows of the
 * union of the points' windows, instead of one `count(DISTINCT …)` subquery (one sort of the
 * window's rows) per point (docs/engine.md: Series in one pass).
 *
 * Every distinct bound of the points' windows is a cut; rows between two cuts lie in the same
 * windows, so each value is kept once per cut interval it occurs in (`c`). Window p is
 * `[F_p, T_p)`; F and T never decrease from one point to the next (rolling and calendar
 * windows; the statement checks it and goes point by point otherwise). A value counts at point
 * p once, through its latest occurrence `j` in p's window, the one whose next occurrence `nx`
 * is not in it: `F_p ≤ j < T_p ≤ nx`. Because F and T are sorted, those points are one run of
 * point numbers `lo … hi` (`width_bucket` counts the bounds at or before an instant), so each
 * occurrence adds 1 from lo and takes it back after hi, and a point's count is the running sum.
 * lo and hi depend only on the occurrence's interval and the next one's, so occurrences are
 * counted per such pair first. One sort of the (value, interval) pairs replaces a sort of every
 * window's rows; the counts are exact.
 */
export interface DistinctTrend {
  ctes: string[];
  /** Joined after `buckets b`. */
  join: string;
  value: string;
  /** A statement of one boolean: whether the windows' bounds never decrease (the sweep's condition). */
  gate: (buckets: string) => string;
}

/** The one-statement distinct count of a count_distinct KPI over each point's window `bounds` (SQL over b.s, b.e). */
export function distinctTrend(ctx: KpiSqlContext, kpi: Kpi, bounds: Bounds): DistinctTrend | undefined {
  const m = kpi.measure;
  if (m.kind !== 'aggregate' || m.aggregate !== 'count_distinct' || m.expression === undefined) {
    return undefined;
  }
  const source = sourceOf(ctx.catalog, kpi);
  const t = timeColumn(source);
  const { own, filters } = kpiRowConditions(ctx, kpi, source);
  const e = `(${m.expression})`;
  const cuts = '(SELECT a FROM distinct_cuts)';
  const where = whereClause([
    ...own,
    `${t} >= (SELECT min(cf) FROM distinct_windows)`,
    `${t} < (SELECT max(ct) FROM distinct_windows)`,
    ...filters,
    ...(m.filter ? [`(${m.filter})`] : []),
    `${e} IS NOT NULL`,
  ]);
  const windows = `SELECT b.s, ${bounds.from} AS cf, ${bounds.to} AS ct FROM buckets b`;
  const ctes = [
    `distinct_windows AS MATERIALIZED (${windows})`,
    `distinct_marks AS MATERIALIZED (SELECT array_agg(cf ORDER BY s) AS f, array_agg(ct ORDER BY s) AS t, count(*) AS n FROM distinct_windows)`,
    `distinct_cuts AS MATERIALIZED (SELECT array_agg(x ORDER BY x) AS a FROM (SELECT DISTINCT x FROM distinct_windows, LATERAL (VALUES (cf), (ct)) v(x)) d)`,
    // Each value's cut intervals (`c`: the number of the last cut at or before the row) with the next one it occurs in.
    `distinct_pairs AS (SELECT c, lead(c) OVER (PARTITION BY v ORDER BY c) AS nx\n  FROM (SELECT ${e} AS v, width_bucket(${t}, ${cuts}) AS c\n  ${fromClause(source)}\n  ${where}\n  GROUP BY 1, 2) p)`,
    // Occurrences counted per (interval, next interval): the points each adds to are a function of the two.
    `distinct_spans AS (SELECT width_bucket(k.a[x.c], m.t) + 1 AS lo, least(width_bucket(k.a[x.c], m.f), coalesce(width_bucket(k.a[x.nx], m.t), m.n)) AS hi, x.n\n  FROM (SELECT c, nx, count(*) AS n FROM distinct_pairs GROUP BY c, nx) x CROSS JOIN distinct_marks m CROSS JOIN distinct_cuts k)`,
    `distinct_deltas AS (SELECT i, sum(d) AS d FROM distinct_spans, LATERAL (VALUES (lo, n), (hi + 1, -n)) v(i, d) WHERE lo <= hi GROUP BY i)`,
    `distinct_counts AS (SELECT w.s, (coalesce(sum(d.d) OVER (ORDER BY w.i), 0))::double precision AS value\n  FROM (SELECT s, row_number() OVER (ORDER BY s) AS i FROM distinct_windows) w LEFT JOIN distinct_deltas d ON d.i = w.i)`,
  ];
  const gate = (buckets: string) =>
    `SELECT coalesce(bool_and(ok), true) AS monotone FROM (SELECT (cf >= lag(cf) OVER o AND ct >= lag(ct) OVER o) IS NOT FALSE AS ok FROM (${windows.replace('FROM buckets b', `FROM (${buckets}) b`)}) w WINDOW o AS (ORDER BY s)) x`;
  return { ctes, join: 'JOIN distinct_counts v ON v.s = b.s', value: 'v.value', gate };
}
