/**
 * The aggregate list (docs/catalog.md: Measures), written once. Every layer reads this table: the
 * catalog schema's enum and the model's `AggregateName`, validation (which need an expression,
 * which a sketch may answer), the SQL of a measure, the eval passes, rollup partials, one-pass
 * trends, the words a KPI is described with and the editor's options. A new aggregate is one
 * entry here (src/core/rules/aggregates.test.ts checks every entry through every layer).
 */

/**
 * How an aggregate merges from partials over slices (rollup hours, one-pass trend slices): exact
 * for counts, sums, averages, min/max and the latest value; only as a sketch for distinct counts
 * (HyperLogLog) and percentiles (DDSketch).
 */
export type Merge = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'last' | 'distinct_sketch' | 'quantile_sketch';

/**
 * Which pass of an eval scan computes it (core/compiler/passes.ts): a FILTER aggregate of the
 * source's main scan, a hash-grouped distinct pass, or an index-backward latest-row lookup.
 */
export type Pass = 'main' | 'distinct' | 'latest';

export interface AggregateRule {
  /** How a description names it before the expression: `sum of amount`. */
  words: string;
  /** Whether it needs an expression (`count` alone counts rows). */
  needsExpression: boolean;
  /**
   * Its SQL over the source rows: `e` the parenthesised expression ('' when absent), `f` a
   * ` FILTER (WHERE …)` clause or '', `time` the rows' time column. Not yet cast to a type.
   */
  sql: (e: string, f: string, time: string) => string;
  pass: Pass;
  merge: Merge;
  /** A percentile's fraction, as SQL (`0.95`). */
  fraction?: string;
}

/** A percentile: one sort of the expression (percentile_cont interpolates, as docs/catalog.md says). */
const percentile = (fraction: string, words: string) =>
  ({
    words,
    needsExpression: true,
    pass: 'main',
    merge: 'quantile_sketch',
    fraction,
    sql: (e: string, f: string) => `percentile_cont(${fraction}) WITHIN GROUP (ORDER BY (${e})::double precision)${f}`,
  }) as const;

/** `name(e)` with its filter. */
const call = (name: string) => (e: string, f: string) => `${name}(${e})${f}`;

export const AGGREGATES = {
  count: {
    words: 'count',
    needsExpression: false,
    pass: 'main',
    merge: 'count',
    sql: (e, f) => (e === '' ? `count(*)${f}` : `count(${e})${f}`),
  },
  count_distinct: {
    words: 'count of distinct',
    needsExpression: true,
    pass: 'distinct',
    merge: 'distinct_sketch',
    sql: (e, f) => `count(DISTINCT ${e})${f}`,
  },
  // SUM of no rows is 0 for a KPI (docs/catalog.md, Measures), not SQL's NULL.
  sum: {
    words: 'sum of',
    needsExpression: true,
    pass: 'main',
    merge: 'sum',
    sql: (e, f) => `coalesce(sum(${e})${f}, 0)`,
  },
  avg: { words: 'average of', needsExpression: true, pass: 'main', merge: 'avg', sql: call('avg') },
  min: { words: 'minimum of', needsExpression: true, pass: 'main', merge: 'min', sql: call('min') },
  max: { words: 'maximum of', needsExpression: true, pass: 'main', merge: 'max', sql: call('max') },
  p50: percentile('0.5', 'median (p50) of'),
  p75: percentile('0.75', '75th percentile of'),
  p90: percentile('0.9', '90th percentile of'),
  p95: percentile('0.95', '95th percentile of'),
  p99: percentile('0.99', '99th percentile of'),
  last: {
    words: 'latest',
    needsExpression: true,
    pass: 'latest',
    merge: 'last',
    // E on the latest row; among rows with the same time, the largest E (DESC puts NULLs first).
    sql: (e, f, time) => `(array_agg((${e})::double precision ORDER BY ${time} DESC, (${e}) DESC NULLS LAST)${f})[1]`,
  },
} as const satisfies Record<string, AggregateRule>;

export type AggregateName = keyof typeof AGGREGATES;

/** The names in catalog order (the zod enum, the editor's options). */
export const AGGREGATE_NAMES = Object.keys(AGGREGATES) as [AggregateName, ...AggregateName[]];

/** The rule of one aggregate. */
export function aggregateRule(name: AggregateName): AggregateRule {
  return AGGREGATES[name];
}

/** Whether a rollup answers it only with a sketch (approximate: true), not exactly. */
export function isSketched(name: AggregateName): boolean {
  const { merge } = aggregateRule(name);
  return merge === 'distinct_sketch' || merge === 'quantile_sketch';
}

/** The sketched aggregates in words, for messages: `percentile (p50 … p99) and count_distinct`. */
export function sketchedInWords(): string {
  const percentiles = AGGREGATE_NAMES.filter((n) => aggregateRule(n).fraction !== undefined);
  const others = AGGREGATE_NAMES.filter((n) => isSketched(n) && aggregateRule(n).fraction === undefined);
  const range =
    percentiles.length === 0 ? [] : [`percentile (${percentiles[0]} … ${percentiles[percentiles.length - 1]})`];
  return [...range, ...others].join(' and ');
}
