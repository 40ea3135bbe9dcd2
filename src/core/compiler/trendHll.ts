import { hllCardinalitySql } from '../rollup/hllExtension';
import { quoteIdent } from '../sql/quote';
import type { RollupHllUnion } from '../rollup/read';
import { cutIntervalCtes } from './cutIntervals';
import type { PercentileTrend } from './trendPercentile';
import type { Bounds } from './windows';

/**
 * A distinct-count trend with `approximate: true` from a rollup's `hll` sketches in one statement
 * (docs/engine.md: Series in one pass), instead of each point unioning its own window's day and
 * hourly sketches (a 90-point trend of a 30-day window: 90 × 30 day sketches, and off the hour
 * the hourly ones of two partial days per point).
 *
 * The points' window bounds cut time into intervals (cutIntervals.ts); each interval's sketch is
 * read once, as a point's window is (rollup/read.ts), and runs of B consecutive intervals are
 * unioned once more into blocks (B about the square root of the longest window in intervals).
 * A point unions the whole blocks inside its window and the intervals left at its two ends: about
 * 2√n sketches where it unioned n. A union of sketches is the sketch of the union of their rows,
 * whatever the grouping, so each point's count is the one it reads alone.
 */
export function hllDistinctTrend(
  bounds: Bounds,
  union: (interval: Bounds) => RollupHllUnion | undefined
): (PercentileTrend & { table: string }) | undefined {
  const read = union({ from: 'i.lo', to: 'i.hi' });
  if (!read) {
    return undefined;
  }
  const agg = `${quoteIdent(read.schema)}.hll_union_agg`;
  const { ctes: intervals } = cutIntervalCtes('dc', bounds);
  const inBlock = (b: string) => `${b}.b * q.n >= p.lo AND ${b}.b * q.n + q.n <= p.hi`;
  const ctes = [
    ...intervals,
    // The intervals some window covers (between two windows that do not touch, none is read).
    `dc_intervals AS MATERIALIZED (SELECT c, k.a[c] AS lo, k.a[c + 1] AS hi FROM dc_cuts k, generate_series(1, k.n - 1) c
  WHERE EXISTS (SELECT 1 FROM dc_spans p WHERE c >= p.lo AND c < p.hi))`,
    `dc_hll AS MATERIALIZED (SELECT i.c, ${read.sql} AS h FROM dc_intervals i)`,
    `dc_block AS MATERIALIZED (SELECT greatest(1, floor(sqrt(max(hi - lo))))::int AS n FROM dc_spans)`,
    // Blocks of n intervals all read (a gap between windows leaves a block incomplete: its intervals answer).
    `dc_blocks AS MATERIALIZED (SELECT x.c / q.n AS b, ${agg}(x.h) AS h FROM dc_hll x, dc_block q GROUP BY 1 HAVING count(*) = max(q.n))`,
    `dc_values AS (SELECT p.s, ${hllCardinalitySql(read.schema, `${agg}(u.h)`)} AS v
  FROM dc_spans p CROSS JOIN dc_block q LEFT JOIN LATERAL (
    SELECT k.h FROM dc_blocks k WHERE ${inBlock('k')}
    UNION ALL SELECT x.h FROM dc_hll x WHERE x.c >= p.lo AND x.c < p.hi
      AND NOT EXISTS (SELECT 1 FROM dc_blocks k WHERE k.b = x.c / q.n AND ${inBlock('k')})) u ON true
  GROUP BY p.s)`,
  ];
  return { ctes, join: 'LEFT JOIN dc_values v ON v.s = b.s', value: 'v.v', table: read.table };
}
