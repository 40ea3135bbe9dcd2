/**
 * The benchmark's catalog and its hand-written counterparts: every measure form over one
 * generated table, and for each the SQL a careful engineer would write for the same number.
 */
import type { Query } from '../support/query';

export const AT = '2025-06-30T00:00:00.000Z';
export const DAY = 86_400_000;

/** Measure forms, each with the catalog's measure. */
export const FORMS: Array<[string, string]> = [
  ['count', '{ aggregate: count }'],
  [
    'ratio',
    `{ ratio: { numerator: { aggregate: count, filter: "status = 'ok'" }, denominator: { aggregate: count } }, scale: 100 }`,
  ],
  ['sum', '{ aggregate: sum, expression: duration_s }'],
  ['avg', '{ aggregate: avg, expression: duration_s }'],
  ['p95', '{ aggregate: p95, expression: duration_s }'],
  ['count_distinct', '{ aggregate: count_distinct, expression: user_id }'],
  ['last', '{ aggregate: last, expression: duration_s }'],
  ['nps', '{ nps: { expression: score } }'],
];
const WINDOWS = ['30d', '7d', 'month', '1d'];

/**
 * 30 KPIs over one table: every measure form, rolling and calendar windows. `approximate`: the
 * catalog opts into sketches for its percentiles and distinct counts (docs/rollups.md), under its
 * own name, so its rollup is a table of its own beside the exact one.
 */
export function catalogYaml(approximate = false): string {
  const lines = [
    'apiVersion: openkpi/v1',
    approximate ? 'name: bench-approx' : 'name: bench',
    'timezone: UTC',
    ...(approximate ? ['approximate: true'] : []),
    'sources:',
    '  events: { table: bench.events, time: t, dimensions: [team] }',
    'kpis:',
  ];
  const kpis = WINDOWS.flatMap((w) => FORMS.map(([form, measure]) => [form, w, measure]));
  for (const [form, w, measure] of kpis.slice(0, 30)) {
    lines.push(
      `  - { id: ${form}_${w.replace(/\W/g, '')}, name: ${form} ${w}, source: events, window: ${w}, measure: ${measure} }`
    );
  }
  return lines.join('\n');
}

/** `rows` events over the 400 days before AT; every column a function of the counter (no random()). */
export async function generateEvents(q: Query, rows: number): Promise<void> {
  await q(`DROP SCHEMA IF EXISTS bench CASCADE; CREATE SCHEMA bench;
    CREATE TABLE bench.events AS SELECT '${AT}'::timestamptz - g * (interval '400 days' / ${rows}) AS t,
      'team-' || (g % 40) AS team, CASE WHEN g % 17 = 0 THEN 'failed' ELSE 'ok' END AS status,
      ((g::bigint * 7919) % 900)::float8 AS duration_s, ((g::bigint * 104729) % ${Math.max(1, Math.floor(rows / 20))})::int AS user_id,
      (g % 11)::int AS score FROM generate_series(1, ${rows}) g;
    CREATE INDEX ON bench.events (t);`);
  await q('VACUUM ANALYZE bench.events');
}

/** Hand-written SQL of a KPI over a rolling window: value and previous from one scan, lastDataAt from the index. */
export function handWritten(form: string, days: number): string {
  const at = `'${AT}'::timestamptz`;
  const from = `${at} - interval '${days * 24} hours'`;
  const prevFrom = `${at} - interval '${days * 48} hours'`;
  const cur = `t >= ${from}`;
  const prev = `t < ${from}`;
  const last = `(SELECT max(t) FROM bench.events WHERE t < ${at}) AS last_data_at`;
  const scan = `FROM bench.events WHERE t >= ${prevFrom} AND t < ${at}`;
  const both = (agg: (c: string) => string) => `SELECT ${agg(cur)} AS value, ${agg(prev)} AS previous, ${last} ${scan}`;
  switch (form) {
    case 'count':
      return both((c) => `count(*) FILTER (WHERE ${c})::float8`);
    case 'ratio':
      return both(
        (c) => `100 * count(*) FILTER (WHERE ${c} AND status = 'ok')::float8 / NULLIF(count(*) FILTER (WHERE ${c}), 0)`
      );
    case 'sum':
      return both((c) => `coalesce(sum(duration_s) FILTER (WHERE ${c}), 0)::float8`);
    case 'avg':
      return both((c) => `avg(duration_s) FILTER (WHERE ${c})::float8`);
    case 'p95':
      return both((c) => `percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_s) FILTER (WHERE ${c})`);
    case 'nps':
      return both(
        (c) =>
          `(100.0 * (count(*) FILTER (WHERE ${c} AND score >= 9) - count(*) FILTER (WHERE ${c} AND score <= 6)) / NULLIF(count(score) FILTER (WHERE ${c}), 0))::float8`
      );
    case 'count_distinct':
      return `SELECT (SELECT count(DISTINCT user_id)::float8 FROM bench.events WHERE t >= ${from} AND t < ${at}) AS value, (SELECT count(DISTINCT user_id)::float8 FROM bench.events WHERE t >= ${prevFrom} AND t < ${from}) AS previous, ${last}`;
    case 'last':
      return `SELECT (SELECT duration_s FROM bench.events WHERE t >= ${from} AND t < ${at} ORDER BY t DESC, duration_s DESC NULLS LAST LIMIT 1) AS value, (SELECT duration_s FROM bench.events WHERE t >= ${prevFrom} AND t < ${from} ORDER BY t DESC, duration_s DESC NULLS LAST LIMIT 1) AS previous, ${last}`;
  }
  throw new Error(form);
}

/** Hand-written one-pass trend of the 30d ratio: daily partial counts, then a 30-row window frame. */
export function handTrend(from: Date, points: number): string {
  const start = new Date(from.getTime() - 29 * DAY).toISOString();
  const end = new Date(from.getTime() + points * DAY).toISOString();
  return `WITH d AS (
  SELECT date_bin(interval '24 hours', t, '${start}'::timestamptz) AS day, count(*) FILTER (WHERE status = 'ok') AS ok, count(*) AS n
  FROM bench.events WHERE t >= '${start}'::timestamptz AND t < '${end}'::timestamptz GROUP BY 1
), g AS (SELECT day, coalesce(d.ok, 0) AS ok, coalesce(d.n, 0) AS n FROM generate_series('${start}'::timestamptz, '${end}'::timestamptz - interval '24 hours', interval '24 hours') day LEFT JOIN d USING (day))
SELECT * FROM (SELECT day + interval '24 hours' AS e, 100 * sum(ok) OVER w::float8 / NULLIF(sum(n) OVER w, 0) AS value
  FROM g WINDOW w AS (ORDER BY day ROWS BETWEEN 29 PRECEDING AND CURRENT ROW)) x WHERE e > '${from.toISOString()}'::timestamptz ORDER BY e`;
}
