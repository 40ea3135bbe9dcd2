/** @jest-environment node */
/**
 * Exact percentile series in one statement (core/compiler/trendPercentile.ts): on random rows
 * (ties, zeros, negative values, nulls), every point equals `percentile_cont` over that point's
 * window written by hand here (rolling windows, a month-to-date window in the catalog zone, a KPI
 * filter and a measure filter, daily, 12-hour and 6-hour steps, a dimension filter), and the
 * whole series equals the point-by-point statement. Where the windows barely overlap the series
 * stays point by point.
 */
import { compileSeries } from '../../src/core/compiler/seriesQuery';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, DAY } from '../support/fixtures';
import {
  EVENTS_TABLE,
  handWrittenAtPoints,
  PointByHand,
  seriesMatchHandWritten,
  seriesRequest,
} from '../support/trendFixture';

const CATALOG = catalogOf(`
apiVersion: openkpi/v1
name: percentile-trends
timezone: Europe/Berlin
sources:
  events: { table: events, time: t, dimensions: [team] }
kpis:
  - { id: n_p95_3d, name: N p95, source: events, window: 3d, measure: { aggregate: p95, expression: n } }
  - { id: amount_p50_month, name: Amount median, source: events, window: month, filter: "team = 'a'", measure: { aggregate: p50, expression: amount } }
  - { id: amount_p99_36h, name: Amount p99, source: events, window: 36h, measure: { aggregate: p99, expression: amount, filter: "kind = 'x'" } }
  - { id: amount_p75_3d, name: Amount p75, source: events, window: 3d, measure: { aggregate: p75, expression: "amount * 1000" } }
  - { id: n_p90_1d, name: N p90 today, source: events, window: 1d, measure: { aggregate: p90, expression: n } }
`);

const BERLIN_MONTH = `(date_trunc('month', (e - interval '1 microsecond') AT TIME ZONE 'Europe/Berlin') AT TIME ZONE 'Europe/Berlin')`;

/** Each KPI's percentile over the window ending at `e`, written by hand. */
const HAND: Record<string, PointByHand> = {
  n_p95_3d: {
    from: "e - interval '72 hours'",
    select: 'percentile_cont(0.95) WITHIN GROUP (ORDER BY n)',
    where: 'true',
  },
  amount_p50_month: {
    from: BERLIN_MONTH,
    select: 'percentile_cont(0.5) WITHIN GROUP (ORDER BY amount::float8)',
    where: "team = 'a'",
  },
  amount_p99_36h: {
    from: "e - interval '36 hours'",
    select: 'percentile_cont(0.99) WITHIN GROUP (ORDER BY amount::float8)',
    where: "kind = 'x'",
  },
  amount_p75_3d: {
    from: "e - interval '72 hours'",
    select: 'percentile_cont(0.75) WITHIN GROUP (ORDER BY (amount * 1000)::float8)',
    where: 'true',
  },
};

/** Steps at which the windows overlap enough for the one statement (36h windows: not daily). */
const STEPS: Array<[string, string[]]> = [
  ['1d', ['n_p95_3d', 'amount_p50_month', 'amount_p75_3d']],
  ['6h', ['n_p95_3d', 'amount_p50_month', 'amount_p99_36h']],
  ['12h', ['amount_p75_3d', 'amount_p99_36h']],
];

describe('percentile series in one statement', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query(EVENTS_TABLE);
  });
  afterAll(() => db.drop());

  const rows = async (sql: string) => (await db.client.query(sql)).rows;
  const oneStatement = (sql: string) => {
    expect(sql).toContain('pct_candidates');
    return sql;
  };

  const handWritten = (id: string, times: number[], team?: string) => handWrittenAtPoints(db, HAND[id], times, team);

  it('equals percentile_cont per window on random rows, and the point-by-point series', async () => {
    await seriesMatchHandWritten(db, CATALOG, HAND, STEPS, oneStatement, { maxRows: 200, numRuns: 25 });
  }, 180_000);

  it('with a dimension filter, on many rows of few values (ties across bucket edges)', async () => {
    await db.query('TRUNCATE events');
    await db.query(`INSERT INTO events (t, n, amount, team, kind)
      SELECT '2025-03-01T00:00:00Z'::timestamptz + (g * 7919 % 2937600) * interval '1 second',
        CASE WHEN g % 13 = 0 THEN NULL ELSE g % 7 END, ((g * 37 % 400) - 50) / 4.0 + (g * 7919 % 2937600) / 20000,
        CASE WHEN g % 3 = 0 THEN 'a' WHEN g % 3 = 1 THEN 'b' ELSE NULL END, CASE WHEN g % 5 = 0 THEN 'y' ELSE 'x' END
      FROM generate_series(1, 3000) g`);
    const to = Date.parse('2025-04-03T13:17:00Z');
    for (const id of ['n_p95_3d', 'amount_p75_3d', 'amount_p50_month']) {
      const sql = compileSeries(CATALOG, {
        ...seriesRequest(id, '1d', to - 20 * DAY, to),
        filters: [{ dimension: 'team', values: ['a'] }],
      });
      const got = await rows(oneStatement(sql));
      expect(got.length).toBe(20);
      // n takes 0…6, so its p95 is 6 throughout; the amounts move from point to point.
      expect(new Set(got.map((x) => x.value)).size > 1).toBe(id !== 'n_p95_3d');
      const want = await handWritten(
        id,
        got.map((x) => x.time_ms),
        'a'
      );
      expect({ id, values: got.map((x) => x.value) }).toEqual({ id, values: want });
    }
  });

  it('goes point by point where the windows barely overlap: a 1-day window with daily points, buckets', () => {
    const to = Date.parse('2025-04-03T13:17:00Z');
    const oneStatementOf = (id: string, step: string, mode: 'trend' | 'buckets' = 'trend') =>
      compileSeries(CATALOG, seriesRequest(id, step, to - 10 * DAY, to, mode)).includes('pct_candidates');
    expect(oneStatementOf('n_p90_1d', '1d')).toBe(false);
    expect(oneStatementOf('amount_p99_36h', '1d')).toBe(false);
    expect(oneStatementOf('n_p95_3d', '1d', 'buckets')).toBe(false);
    expect(oneStatementOf('n_p90_1d', '6h')).toBe(true);
    expect(oneStatementOf('n_p95_3d', '1d')).toBe(true);
  });
});
