/** @jest-environment node */
/**
 * Measures (docs/catalog.md) against real PostgreSQL: every aggregate, measure filters ANDed with the
 * KPI filter, ratio (scale, zero/null denominator) and NPS. Expected numbers are plain
 * arithmetic over the inserted rows, never our compiler's output.
 */
import { Catalog } from '../../src/core/catalog/model';
import { instant } from '../../src/core/compiler/anchor';
import { evaluateKpis, KpiEvaluation } from '../../src/core/evaluation/evaluate';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, createTable, HOUR, inWindow, ms, percentileCont, pgRunner, Row } from '../support/fixtures';

const AT = '2025-05-10T00:00:00.000Z';
const at = ms(AT);

interface Ev extends Row {
  t: Date;
  v: number | null;
  cat: string | null;
  team: string;
  status: string;
}

const ev = (offsetMs: number, v: number | null, cat: string | null, team: string, status: string): Ev => ({
  t: new Date(at + offsetMs),
  v,
  cat,
  team,
  status,
});

/** Rows in and around the 1d window [at − 24h, at). */
const EVENTS: Ev[] = [
  ev(-24 * HOUR, 2, 'd', 'y', 'cancelled'), // exactly at − N: included
  ev(-23 * HOUR, 10, 'a', 'x', 'ok'),
  ev(-20 * HOUR, 4, 'b', 'x', 'ok'),
  ev(-15 * HOUR, null, 'a', 'y', 'fail'),
  ev(-10 * HOUR, 7.5, null, 'y', 'ok'),
  ev(-5 * HOUR, 1, 'c', 'x', 'fail'),
  ev(-1 * HOUR, 3, 'b', 'y', 'ok'),
  ev(-1 * HOUR, 9, 'a', 'x', 'ok'), // same latest time: `last` takes the largest v
  ev(-30 * 60_000, null, 'e', 'x', 'ok'),
  ev(0, 100, 'z', 'x', 'ok'), // exactly at `at`: excluded
  ev(-24 * HOUR - 1, 200, 'z', 'x', 'ok'), // 1 ms before the window
  ev(HOUR, 300, 'z', 'x', 'ok'), // after `at`
];

const IN = inWindow(EVENTS, 't', at - 24 * HOUR, at);
const nums = (rows: Ev[]) => rows.map((r) => r.v).filter((v): v is number => v !== null);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** `last` by hand: the latest time among rows, then the largest v among those. */
function lastOf(rows: Ev[]): number | null {
  if (rows.length === 0) {
    return null;
  }
  const latest = Math.max(...rows.map((r) => r.t.getTime()));
  return Math.max(...nums(rows.filter((r) => r.t.getTime() === latest)));
}

interface Case {
  id: string;
  measure: string;
  filter?: string;
  expected: number | null;
}

const CASES: Case[] = [
  { id: 'count_rows', measure: '{aggregate: count}', expected: IN.length },
  { id: 'count_expr', measure: '{aggregate: count, expression: v}', expected: nums(IN).length },
  {
    id: 'count_expr_cat',
    measure: '{aggregate: count, expression: cat}',
    expected: IN.filter((r) => r.cat !== null).length,
  },
  {
    id: 'count_distinct',
    measure: '{aggregate: count_distinct, expression: cat}',
    expected: new Set(IN.map((r) => r.cat).filter((c) => c !== null)).size,
  },
  { id: 'sum_v', measure: '{aggregate: sum, expression: v}', expected: sum(nums(IN)) },
  { id: 'sum_expr', measure: '{aggregate: sum, expression: "v * 2"}', expected: 2 * sum(nums(IN)) },
  { id: 'avg_v', measure: '{aggregate: avg, expression: v}', expected: sum(nums(IN)) / nums(IN).length },
  { id: 'min_v', measure: '{aggregate: min, expression: v}', expected: Math.min(...nums(IN)) },
  { id: 'max_v', measure: '{aggregate: max, expression: v}', expected: Math.max(...nums(IN)) },
  { id: 'p50_v', measure: '{aggregate: p50, expression: v}', expected: percentileCont(nums(IN), 0.5) },
  { id: 'p75_v', measure: '{aggregate: p75, expression: v}', expected: percentileCont(nums(IN), 0.75) },
  { id: 'p90_v', measure: '{aggregate: p90, expression: v}', expected: percentileCont(nums(IN), 0.9) },
  { id: 'p95_v', measure: '{aggregate: p95, expression: v}', expected: percentileCont(nums(IN), 0.95) },
  { id: 'p99_v', measure: '{aggregate: p99, expression: v}', expected: percentileCont(nums(IN), 0.99) },
  {
    id: 'last_v',
    measure: '{aggregate: last, expression: v}',
    // the −30 min row has v null; skip it so the tie at −1 h decides (null E on the latest row is not specified)
    filter: 'v IS NOT NULL',
    expected: lastOf(IN.filter((r) => r.v !== null)),
  },
  {
    id: 'last_tie_desc',
    measure: '{aggregate: last, expression: "-v"}',
    filter: 'v IS NOT NULL',
    // ties at −1 h: −3 and −9 → the largest E is −3
    expected: -3,
  },
  // no rows in the window
  { id: 'none_count', measure: '{aggregate: count}', filter: "cat = 'nothing'", expected: 0 },
  { id: 'none_count_expr', measure: '{aggregate: count, expression: v}', filter: "cat = 'nothing'", expected: 0 },
  {
    id: 'none_count_distinct',
    measure: '{aggregate: count_distinct, expression: cat}',
    filter: "cat = 'nothing'",
    expected: 0,
  },
  { id: 'none_sum', measure: '{aggregate: sum, expression: v}', filter: "cat = 'nothing'", expected: 0 },
  { id: 'none_avg', measure: '{aggregate: avg, expression: v}', filter: "cat = 'nothing'", expected: null },
  { id: 'none_min', measure: '{aggregate: min, expression: v}', filter: "cat = 'nothing'", expected: null },
  { id: 'none_max', measure: '{aggregate: max, expression: v}', filter: "cat = 'nothing'", expected: null },
  { id: 'none_p50', measure: '{aggregate: p50, expression: v}', filter: "cat = 'nothing'", expected: null },
  { id: 'none_p99', measure: '{aggregate: p99, expression: v}', filter: "cat = 'nothing'", expected: null },
  { id: 'none_last', measure: '{aggregate: last, expression: v}', filter: "cat = 'nothing'", expected: null },
  // measure filter ANDed with the KPI filter
  {
    id: 'filtered_sum',
    measure: '{aggregate: sum, expression: v, filter: "team = \'x\'"}',
    filter: "status <> 'cancelled'",
    expected: sum(nums(IN.filter((r) => r.team === 'x' && r.status !== 'cancelled'))),
  },
  {
    id: 'filtered_count',
    measure: '{aggregate: count, filter: "status = \'ok\'"}',
    filter: "team = 'y'",
    expected: IN.filter((r) => r.status === 'ok' && r.team === 'y').length,
  },
  // ratio
  {
    id: 'ratio_default_scale',
    measure: '{ratio: {numerator: {aggregate: count, filter: "status = \'ok\'"}, denominator: {aggregate: count}}}',
    expected: IN.filter((r) => r.status === 'ok').length / IN.length,
  },
  {
    id: 'ratio_scale_100',
    measure:
      '{ratio: {numerator: {aggregate: count, filter: "status = \'ok\'"}, denominator: {aggregate: count}}, scale: 100}',
    filter: "status <> 'cancelled'",
    expected: (100 * IN.filter((r) => r.status === 'ok').length) / IN.filter((r) => r.status !== 'cancelled').length,
  },
  {
    id: 'ratio_sums',
    measure:
      '{ratio: {numerator: {aggregate: sum, expression: v, filter: "team = \'x\'"}, denominator: {aggregate: sum, expression: v}}, scale: 10}',
    expected: (10 * sum(nums(IN.filter((r) => r.team === 'x')))) / sum(nums(IN)),
  },
  {
    id: 'ratio_zero_den',
    measure:
      '{ratio: {numerator: {aggregate: count}, denominator: {aggregate: count, filter: "status = \'nothing\'"}}, scale: 100}',
    expected: null,
  },
  {
    id: 'ratio_null_den',
    measure:
      '{ratio: {numerator: {aggregate: count}, denominator: {aggregate: avg, expression: v, filter: "status = \'nothing\'"}}}',
    expected: null,
  },
  {
    id: 'ratio_no_rows',
    measure: '{ratio: {numerator: {aggregate: count}, denominator: {aggregate: count}}}',
    filter: "cat = 'nothing'",
    expected: null,
  },
];

interface Score extends Row {
  t: Date;
  score: number | null;
  channel: string;
}

const SCORES: Score[] = [10, 9, 9, 8, 7, 6, 0, 3, null, null, 10, 8].map((score, i) => ({
  t: new Date(at - (i + 1) * HOUR),
  score,
  channel: i % 2 === 0 ? 'web' : 'mail',
}));
// outside the window: must not count
SCORES.push({ t: new Date(at), score: 0, channel: 'web' }, { t: new Date(at - 25 * HOUR), score: 0, channel: 'web' });

/** NPS by hand: % of non-null scores ≥ 9 minus % ≤ 6. */
function npsOf(rows: Score[]): number | null {
  const s = rows.map((r) => r.score).filter((x): x is number => x !== null);
  if (s.length === 0) {
    return null;
  }
  return (100 * s.filter((x) => x >= 9).length) / s.length - (100 * s.filter((x) => x <= 6).length) / s.length;
}

const SCORES_IN = inWindow(SCORES, 't', at - 24 * HOUR, at);

const NPS_CASES: Case[] = [
  { id: 'nps_all', measure: '{nps: {expression: score}}', expected: npsOf(SCORES_IN) },
  {
    id: 'nps_kpi_filter',
    measure: '{nps: {expression: score}}',
    filter: "channel = 'web'",
    expected: npsOf(SCORES_IN.filter((r) => r.channel === 'web')),
  },
  { id: 'nps_none', measure: '{nps: {expression: score}}', filter: "channel = 'fax'", expected: null },
  { id: 'nps_only_nulls', measure: '{nps: {expression: score}}', filter: 'score IS NULL', expected: null },
];

/** A source given as `sql:` instead of `table:` (the `signups` source of docs/catalog.md). */
const SQL_CASES: Case[] = [
  {
    id: 'sql_source_sum',
    measure: '{aggregate: sum, expression: v}',
    filter: "status = 'ok'",
    expected: sum(nums(IN.filter((r) => r.team === 'x' && r.status === 'ok'))),
  },
  { id: 'sql_source_count', measure: '{aggregate: count}', expected: IN.filter((r) => r.team === 'x').length },
];

function kpiYaml(c: Case, source: string): string {
  return [
    `  - id: ${c.id}`,
    `    name: Measure ${c.id}`,
    `    source: ${source}`,
    `    window: 1d`,
    c.filter ? `    filter: ${JSON.stringify(c.filter)}` : '',
    `    measure: ${c.measure}`,
  ]
    .filter((l) => l !== '')
    .join('\n');
}

const YAML = `apiVersion: openkpi/v1
name: spec-measures
timezone: UTC
sources:
  events:
    table: app.events
    time: t
    dimensions: [team, cat]
  xteam:
    sql: "SELECT t, v, status FROM app.events WHERE team = 'x'"
    time: t
  survey:
    table: app.survey
    time: t
    dimensions: [channel]
kpis:
${CASES.map((c) => kpiYaml(c, 'events')).join('\n')}
${NPS_CASES.map((c) => kpiYaml(c, 'survey')).join('\n')}
${SQL_CASES.map((c) => kpiYaml(c, 'xteam')).join('\n')}
`;

describe('docs/catalog.md, Measures (real PostgreSQL)', () => {
  let db: TestDatabase;
  let catalog: Catalog;
  const results = new Map<string, KpiEvaluation>();

  beforeAll(async () => {
    db = await createTestDatabase();
    await createTable(
      db,
      'app.events',
      { t: 'timestamptz', v: 'double precision', cat: 'text', team: 'text', status: 'text' },
      EVENTS
    );
    await createTable(db, 'app.survey', { t: 'timestamptz', score: 'integer', channel: 'text' }, SCORES);
    catalog = catalogOf(YAML);
    const res = await evaluateKpis(catalog, { at: instant(AT) }, pgRunner(db));
    for (const k of res.kpis) {
      results.set(k.id, k);
    }
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('evaluates every KPI of the catalog in catalog order without errors', () => {
    expect([...results.keys()]).toEqual(catalog.kpis.map((k) => k.id));
    expect([...results.values()].filter((k) => k.error !== undefined)).toEqual([]);
  });

  it.each([...CASES, ...NPS_CASES, ...SQL_CASES].map((c) => [c.id, c.measure, c.filter ?? '-', c.expected] as const))(
    '%s: %s (KPI filter %s) = %p',
    (id, _measure, _filter, expected) => {
      const k = results.get(id);
      expect(k).toBeDefined();
      expect(k!.error).toBeUndefined();
      if (expected === null) {
        expect(k!.value).toBeNull();
        expect(k!.status).toBe('no_data');
      } else {
        expect(typeof k!.value).toBe('number');
        expect(k!.value).toBeCloseTo(expected, 9);
      }
    }
  );

  it('sanity of the hand-computed expectations (the data really exercises the cases)', () => {
    expect(IN.length).toBe(9);
    expect(lastOf(IN.filter((r) => r.v !== null))).toBe(9);
    expect(percentileCont([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(npsOf(SCORES_IN)).toBeCloseTo((100 * (4 - 3)) / 10, 12);
    expect(npsOf(SCORES_IN.filter((r) => r.channel === 'web'))).toBeCloseTo((100 * (3 - 1)) / 5, 12);
  });
});
