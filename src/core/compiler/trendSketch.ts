import type { RollupHistogram } from '../rollup/read';
import { cutIntervalCtes } from './cutIntervals';
import type { PercentileTrend } from './trendPercentile';
import type { Bounds } from './windows';

/**
 * A percentile trend with `approximate: true` from its rollup in one statement (docs/engine.md:
 * Series in one pass), instead of merging each point's histogram from the rollup alone: a
 * 90-point trend of a 30-day window merged 90 × 30 day rows (and, off the hour, the hourly rows
 * of two partial days per point).
 *
 * The points' window bounds cut time into intervals (cutIntervals.ts); each interval's histogram
 * is read once, as a point's window is (day rows, hourly rows, raw edges: rollup/read.ts), and
 * running counts per key over the intervals give every point's histogram as the difference of
 * two. The counts are the ones each point would merge alone, so the percentile is the same
 * number, from one read of each stretch of the rollup.
 */
/** Keys per group: a histogram of about 200 keys is 13 groups, and the keys of one or two groups. */
const GROUP_KEYS = 16;

/**
 * `name (c, <key>, cum)`: the running count of each key over every cut interval (empty ones 0),
 * so that a window's count of a key is the difference of two (windowCounts).
 */
function runningCounts(name: string, key: string, keys: string, counts: string): string {
  return `${name} AS MATERIALIZED (SELECT g.c, ks.${key}, sum(coalesce(h.n, 0)) OVER (PARTITION BY ks.${key} ORDER BY g.c) AS cum
  FROM generate_series(0, (SELECT n FROM sk_cuts)) g(c) CROSS JOIN ${keys} ks
  LEFT JOIN ${counts} h ON h.c = g.c AND h.${key} = ks.${key})`;
}

/** Rows `(by…, <key>, n)`: each window's (`w`: lo, hi) nonzero count per key of a runningCounts grid. */
function windowCounts(windows: string, grid: string, key: string, by: string[], only?: string): string {
  return `SELECT ${by.join(', ')}, e.${key}, e.cum - z.cum AS n
  FROM ${windows} JOIN ${grid} e ON e.c = w.hi - 1${only ? ` AND e.${key} = ${only}` : ''} JOIN ${grid} z ON z.c = w.lo - 1 AND z.${key} = e.${key}
  WHERE e.cum > z.cum`;
}

export function sketchPercentileTrend(
  bounds: Bounds,
  histogram: (interval: Bounds) => RollupHistogram | undefined
): (PercentileTrend & { table: string }) | undefined {
  const read = histogram({ from: 'i.lo', to: 'i.hi' });
  if (!read) {
    return undefined;
  }
  const { ctes: intervals } = cutIntervalCtes('sk', bounds);
  const ctes = [
    ...intervals,
    // The intervals some window covers (between two windows that do not touch, none is read).
    `sk_intervals AS MATERIALIZED (SELECT c, k.a[c] AS lo, k.a[c + 1] AS hi FROM sk_cuts k, generate_series(1, k.n - 1) c
  WHERE EXISTS (SELECT 1 FROM sk_spans p WHERE c >= p.lo AND c < p.hi))`,
    `sk_hist AS MATERIALIZED (SELECT i.c, h.k, h.n FROM sk_intervals i CROSS JOIN LATERAL (SELECT k, sum(n) AS n FROM (${read.rows}) x GROUP BY k) h)`,
    // Keys in order, in groups of GROUP_KEYS: each point's order statistics are found in its
    // histogram of groups first, then among the keys of the groups that hold them only.
    `sk_keys AS MATERIALIZED (SELECT k, (row_number() OVER (ORDER BY k) - 1) / ${GROUP_KEYS} AS g FROM (SELECT DISTINCT k FROM sk_hist) d)`,
    `sk_groups AS MATERIALIZED (SELECT h.c, x.g, sum(h.n) AS n FROM sk_hist h JOIN sk_keys x ON x.k = h.k GROUP BY 1, 2)`,
    runningCounts('sk_group_grid', 'g', '(SELECT DISTINCT g FROM sk_keys)', 'sk_groups'),
    `sk_point_groups AS (${windowCounts('sk_spans w', 'sk_group_grid', 'g', ['w.s'])})`,
    // As percentile_cont: rank r = f·(N−1), interpolated between ranks ⌊r⌋ and ⌈r⌉ (0-based).
    `sk_ranked AS MATERIALIZED (SELECT s, g, n, cum, r, floor(r) AS rlo, ceil(r) AS rhi
  FROM (SELECT s, g, n, sum(n) OVER (PARTITION BY s ORDER BY g) AS cum, ${String(read.fraction)} * (sum(n) OVER (PARTITION BY s) - 1) AS r FROM sk_point_groups) x)`,
    // The groups holding ranks ⌊r⌋ and ⌈r⌉, and how many of the window's values lie below each.
    `sk_picks AS MATERIALIZED (SELECT a.s, a.r, a.rlo, a.rhi, a.g AS glo, a.cum - a.n AS blo, z.g AS ghi, z.cum - z.n AS bhi, p.lo, p.hi
  FROM sk_ranked a JOIN sk_ranked z ON z.s = a.s AND z.cum > z.rhi AND z.cum - z.n <= z.rhi JOIN sk_spans p ON p.s = a.s
  WHERE a.cum > a.rlo AND a.cum - a.n <= a.rlo)`,
    // Each point's two order statistics as (group, 0-based rank in it); side 0 is ⌊r⌋, 1 is ⌈r⌉.
    `sk_targets AS (SELECT s, lo, hi, 0 AS side, glo AS g, rlo - blo AS j FROM sk_picks UNION ALL SELECT s, lo, hi, 1, ghi, rhi - bhi FROM sk_picks)`,
    runningCounts(
      'sk_key_grid',
      'k',
      '(SELECT k FROM sk_keys WHERE g IN (SELECT glo FROM sk_picks UNION SELECT ghi FROM sk_picks))',
      'sk_hist'
    ),
    `sk_point_keys AS (${windowCounts('sk_targets w JOIN sk_keys x ON x.g = w.g', 'sk_key_grid', 'k', ['w.s', 'w.side', 'w.j'], 'x.k')})`,
    // The order statistic: the smallest key whose running count in its group passes the rank.
    `sk_order_stats AS (SELECT s, side, min(k) FILTER (WHERE cum > j) AS k
  FROM (SELECT s, side, j, k, sum(n) OVER (PARTITION BY s, side ORDER BY k) AS cum FROM sk_point_keys) y GROUP BY s, side)`,
    // As ddQuantileSql: the lower statistic plus (r − ⌊r⌋) of the step to the upper, in float8.
    `sk_values AS (SELECT p.s, (a.k + (p.r - p.rlo) * (z.k - a.k))::double precision AS v
  FROM sk_picks p JOIN sk_order_stats a ON a.s = p.s AND a.side = 0 JOIN sk_order_stats z ON z.s = p.s AND z.side = 1)`,
  ];
  return { ctes, join: 'LEFT JOIN sk_values v ON v.s = b.s', value: 'v.v', table: read.table };
}
