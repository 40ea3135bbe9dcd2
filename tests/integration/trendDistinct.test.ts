/** @jest-environment node */
/**
 * Exact distinct-count series in one statement (core/compiler/trendDistinct.ts): on random rows,
 * every point equals `count(DISTINCT …)` over that point's window written by hand here (rolling
 * windows, a month-to-date window in the catalog zone, a KPI filter and a measure filter, daily,
 * 12-hour and 6-hour steps, a dimension filter), and the whole series equals the point-by-point
 * statement. Where the windows barely overlap (a window no longer than about the step, buckets)
 * the series stays point by point, which is cheaper there.
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
name: distinct-trends
timezone: Europe/Berlin
sources:
  events: { table: events, time: t, dimensions: [team] }
kpis:
  - { id: values_3d, name: Values, source: events, window: 3d, measure: { aggregate: count_distinct, expression: n } }
  - { id: amounts_month, name: Amounts, source: events, window: month, filter: "team = 'a'", measure: { aggregate: count_distinct, expression: amount } }
  - { id: teams_36h, name: Teams, source: events, window: 36h, measure: { aggregate: count_distinct, expression: team, filter: "kind = 'x'" } }
  - { id: values_1d, name: Values today, source: events, window: 1d, measure: { aggregate: count_distinct, expression: n } }
`);

const BERLIN_MONTH = `(date_trunc('month', (e - interval '1 microsecond') AT TIME ZONE 'Europe/Berlin') AT TIME ZONE 'Europe/Berlin')`;

/** Each KPI's count over the window ending at `e`, written by hand. */
const HAND: Record<string, PointByHand> = {
  values_3d: { from: "e - interval '72 hours'", select: 'count(DISTINCT n)', where: 'true' },
  amounts_month: { from: BERLIN_MONTH, select: 'count(DISTINCT amount)', where: "team = 'a'" },
  teams_36h: { from: "e - interval '36 hours'", select: 'count(DISTINCT team)', where: "kind = 'x'" },
};

/** Steps at which the windows overlap enough for the one statement (36h windows: not daily). */
const STEPS: Array<[string, string[]]> = [
  ['1d', ['values_3d', 'amounts_month']],
  ['6h', ['values_3d', 'amounts_month', 'teams_36h']],
  ['12h', ['values_3d', 'teams_36h']],
];

describe('distinct-count series in one statement', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query(EVENTS_TABLE);
  });
  afterAll(() => db.drop());

  const rows = async (sql: string) => (await db.client.query(sql)).rows;
  /**
   * The statement without its point-by-point branch (taken only when the windows' bounds
   * decrease), so the numbers checked are the one statement's.
   */
  const oneStatement = (sql: string) => {
    const fallback = 'WHERE NOT (SELECT monotone FROM distinct_gate)';
    expect(sql).toContain('distinct_pairs');
    expect(sql).toContain(fallback);
    return sql.replace(fallback, 'WHERE false');
  };

  const handWritten = (id: string, times: number[], team?: string) => handWrittenAtPoints(db, HAND[id], times, team);

  it('equals count(DISTINCT …) per window on random rows, and the point-by-point series', async () => {
    await seriesMatchHandWritten(db, CATALOG, HAND, STEPS, oneStatement, { maxRows: 150, numRuns: 25 });
  }, 120_000);

  it('with a dimension filter, on rows where values repeat across days and return after a gap', async () => {
    await db.query('TRUNCATE events');
    await db.query(`INSERT INTO events (t, n, amount, team, kind)
      SELECT '2025-03-01T00:00:00Z'::timestamptz + (g * 7919 % 2937600) * interval '1 second',
        CASE WHEN g % 13 = 0 THEN NULL ELSE g % 7 END, (g * 37 % 50) / 4.0,
        CASE WHEN g % 3 = 0 THEN 'a' WHEN g % 3 = 1 THEN 'b' ELSE NULL END, CASE WHEN g % 5 = 0 THEN 'y' ELSE 'x' END
      FROM generate_series(1, 500) g`);
    const to = Date.parse('2025-04-03T13:17:00Z');
    for (const id of ['values_3d', 'amounts_month']) {
      const sql = compileSeries(CATALOG, {
        ...seriesRequest(id, '1d', to - 20 * DAY, to),
        filters: [{ dimension: 'team', values: ['b'] }],
      });
      const got = await rows(oneStatement(sql));
      expect(got.length).toBe(20);
      expect(got.some((x) => x.value > 1)).toBe(id === 'values_3d');
      const want = await handWritten(
        id,
        got.map((x) => x.time_ms),
        'b'
      );
      expect({ id, values: got.map((x) => x.value) }).toEqual({ id, values: want });
    }
  });

  it('goes point by point where the windows barely overlap: a 1-day window with daily points, buckets', () => {
    const to = Date.parse('2025-04-03T13:17:00Z');
    const oneStatementOf = (id: string, step: string, mode: 'trend' | 'buckets' = 'trend') =>
      compileSeries(CATALOG, seriesRequest(id, step, to - 10 * DAY, to, mode)).includes('distinct_pairs');
    expect(oneStatementOf('values_1d', '1d')).toBe(false);
    expect(oneStatementOf('teams_36h', '1d')).toBe(false);
    expect(oneStatementOf('values_3d', '1d', 'buckets')).toBe(false);
    expect(oneStatementOf('values_1d', '6h')).toBe(true);
    expect(oneStatementOf('values_3d', '1d')).toBe(true);
  });
});
