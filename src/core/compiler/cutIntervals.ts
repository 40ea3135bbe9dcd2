import type { Bounds } from './windows';

/**
 * The cut intervals of a series' windows, shared by the statements that read each stretch of
 * rows once for all points (trendPercentile.ts, trendSketch.ts): every distinct bound of the
 * points' windows is a cut, and the rows between two cuts lie in the same windows.
 *
 * `<p>_windows` (s, cf, ct): each point's window; `<p>_cuts` (a, n): the sorted cuts;
 * `<p>_spans` (s, lo, hi): rows of a point's window `[cf, ct)` lie in the intervals `c` with
 * lo ≤ c < hi, interval c being `[a[c], a[c + 1])` (`width_bucket(t, a)`; 1 ≤ lo).
 */
export function cutIntervalCtes(prefix: string, bounds: Bounds): { ctes: string[]; cuts: string } {
  const cuts = `(SELECT a FROM ${prefix}_cuts)`;
  return {
    cuts,
    ctes: [
      `${prefix}_windows AS MATERIALIZED (SELECT b.s, ${bounds.from} AS cf, ${bounds.to} AS ct FROM buckets b)`,
      `${prefix}_cuts AS MATERIALIZED (SELECT array_agg(x ORDER BY x) AS a, count(*) AS n FROM (SELECT DISTINCT x FROM ${prefix}_windows, LATERAL (VALUES (cf), (ct)) v(x)) d)`,
      `${prefix}_spans AS MATERIALIZED (SELECT s, width_bucket(cf, ${cuts}) AS lo, width_bucket(ct, ${cuts}) AS hi FROM ${prefix}_windows)`,
    ],
  };
}
