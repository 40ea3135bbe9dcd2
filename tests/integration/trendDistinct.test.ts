/** @jest-environment node */
/**
 * Exact distinct-count series in one statement (core/compiler/trendDistinct.ts): on random rows,
 * every point equals `count(DISTINCT …)` over that point's window written by hand here (rolling
 * windows, a month-to-date window in the catalog zone, a KPI filter and a measure filter, daily,
 * 12-hour and 6-hour steps, a dimension filter), and the whole series equals the point-by-point
 * statement. Where the windows barely overlap (a window no longer than about the step, buckets)
 * the series stays point by point, which is cheaper there.
 */
import fc from 'fast-check';
import { compileSeries, compileSeriesPointByPoint } from '../../src/core/compiler/seriesQuery';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, DAY } from '../support/fixtures';
import {
  dashboardRange,
  eventRow,
  EVENTS_TABLE,
  loadEvents,
  seriesRequest,
  valuesAtPoints,
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
const HAND: Record<string, { from: string; select: string; where: string }> = {
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

  /** Hand-written: each point's count over its window `[from(e), e)`. */
  const handWritten = (id: string, times: number[], team?: string) => {
    const h = HAND[id];
    const dimension = team === undefined ? 'true' : `team = '${team}'`;
    return valuesAtPoints(
      db,
      `SELECT ${h.select} FROM events WHERE t >= ${h.from} AND t < e AND ${h.where} AND ${dimension}`,
      times
    );
  };

  it('equals count(DISTINCT …) per window on random rows, and the point-by-point series', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventRow(45), { minLength: 0, maxLength: 150 }),
        fc.constantFrom(...STEPS),
        fc.integer({ min: 5 * DAY, max: 44 * DAY }),
        fc.integer({ min: 0, max: 86400 }),
        async (data, [step, ids], end, jitter) => {
          await loadEvents(db, data);
          const { from, to } = dashboardRange(end, jitter);
          for (const id of ids) {
            const r = seriesRequest(id, step, from, to);
            const got = await rows(oneStatement(compileSeries(CATALOG, r)));
            const want = await handWritten(
              id,
              got.map((x) => x.time_ms)
            );
            expect({ id, step, values: got.map((x) => x.value) }).toEqual({ id, step, values: want });
            expect(got).toEqual(await rows(compileSeriesPointByPoint(CATALOG, r)));
          }
        }
      ),
      { numRuns: 25 }
    );
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
