/** @jest-environment node */
/**
 * A distinct-count trend with `approximate: true` from the `hll` extension's sketches in one
 * statement (core/compiler/trendHll.ts), in real PostgreSQL 15 with postgresql-hll, on seeded
 * random rows: every point equals the same KPI read point by point from the rollup (a union of
 * sketches is the sketch of their rows, whatever the grouping), for rolling and calendar windows,
 * trend and bucket steps, with and without a dimension filter, ranges that end off the hour, and a
 * rollup whose boundary lies inside the range; and each point is within 2 % of count(DISTINCT …)
 * over its window (hand-written SQL).
 */
import { parseWindow } from '../../src/core/catalog/duration';
import type { Catalog, WindowSpec } from '../../src/core/catalog/model';
import { parseCatalog } from '../../src/core/catalog/parse';
import { compileSeriesPlan, compileSeriesPointByPoint, SeriesRequest } from '../../src/core/compiler/seriesQuery';
import { availableRollups } from '../../src/core/rollup/probe';
import type { RollupPlan } from '../../src/core/rollup/plan';
import { createTestDatabase, TestDatabase } from '../support/db';
import { SERIES_STEPS, TEAM_FILTERS } from '../support/trendFixture';
import { refreshRollups } from '../support/fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2025-03-20T00:00:00Z');
const DAYS = 40;

const CATALOG = `
apiVersion: openkpi/v1
name: trend-hll
timezone: Europe/Berlin
approximate: true
sources:
  events: { table: th.events, time: at, dimensions: [team] }
kpis:
  - { id: users_7d, name: Users 7d, source: events, window: 7d, measure: { aggregate: count_distinct, expression: user_id } }
  - { id: users_month, name: Users month, source: events, window: month, filter: "ok", measure: { aggregate: count_distinct, expression: user_id } }
  - { id: users_1d, name: Users 1d, source: events, window: 1d, measure: { aggregate: count_distinct, expression: user_id } }
`;

let db: TestDatabase;
let catalog: Catalog;
let rollups: RollupPlan[];

const rows = async (sql: string) => (await db.client.query(sql)).rows;

beforeAll(async () => {
  db = await createTestDatabase();
  catalog = parseCatalog(CATALOG, 'trend-hll.yaml').catalog!;
  await db.query('CREATE EXTENSION hll');
  await db.query('CREATE SCHEMA th');
  await db.query('CREATE TABLE th.events (at timestamptz, team text, ok boolean, user_id int)');
  await db.query('SELECT setseed(0.17)');
  await db.query(`INSERT INTO th.events
    SELECT '${new Date(START).toISOString()}'::timestamptz + random() * interval '${DAYS} days',
      (ARRAY['a', 'b', NULL])[1 + floor(random() * 3)::int], random() < 0.6,
      CASE WHEN random() < 0.02 THEN NULL ELSE floor(random() * 3000)::int END
    FROM generate_series(1, 40000)`);
  const runner = { query: async (sql: string) => (await db.client.query(sql)).rows };
  await refreshRollups(catalog, runner, 0);
  rollups = await availableRollups(catalog, runner);
  expect(rollups[0].hll).toBeDefined();
});

afterAll(async () => {
  await db?.drop();
});

const request = (kpiId: string, to: number, days: number, step: string, mode: 'trend' | 'buckets'): SeriesRequest => ({
  kpiId,
  from: new Date(to - days * DAY),
  to: new Date(to),
  step: parseWindow(step) as WindowSpec,
  mode,
  endAligned: true,
  rollups,
});

/** The trends that take the one statement: a 7-day window with 6-hour points (28 steps), a month (15 days or more). */
const ONE_STATEMENT = ['users_7d 6h', 'users_month 1d', 'users_month 6h'];

it('gives what each point reads from the rollup alone, for every window, step, filter and rollup boundary', async () => {
  // Ends off the hour; the last with the rollup closed only up to a day before (raw rows after it).
  const ends = [START + 31 * DAY + 13 * HOUR + 37 * 60_000, START + 25 * DAY, START + 38 * DAY + 5 * 60_000 + 7_000];
  for (const [i, to] of ends.entries()) {
    if (i === ends.length - 1) {
      await db.query(`UPDATE openkpi.rollup_state SET closed_before = $1`, [new Date(to - DAY - 3 * HOUR)]);
    }
    for (const [step, mode] of SERIES_STEPS) {
      for (const filters of TEAM_FILTERS) {
        for (const kpi of catalog.kpis) {
          const asked = { ...request(kpi.id, to, 12, step, mode), filters };
          const plan = compileSeriesPlan(catalog, asked);
          // Trends whose window spans 12 steps or more; shorter ones read each point's window.
          const blocks = mode === 'trend' && ONE_STATEMENT.includes(`${kpi.id} ${step}`);
          expect({ id: kpi.id, step, mode, blocks: plan.paths.join().includes('cut intervals') }).toEqual({
            id: kpi.id,
            step,
            mode,
            blocks,
          });
          expect({ id: kpi.id, step, mode, rows: await rows(plan.sql) }).toEqual({
            id: kpi.id,
            step,
            mode,
            rows: await rows(compileSeriesPointByPoint(catalog, asked)),
          });
        }
      }
    }
  }
}, 300_000);

it('keeps every point within 2 % of the exact distinct count of its window', async () => {
  const to = START + 20 * DAY + 7 * HOUR + 11 * 60_000;
  const got = await rows(compileSeriesPlan(catalog, request('users_7d', to, 10, '6h', 'trend')).sql);
  expect(got.length).toBeGreaterThan(39);
  const exact = await db.client.query<{ v: string }>(
    `SELECT (SELECT count(DISTINCT user_id) FROM th.events WHERE at >= e - interval '7 days' AND at < e) AS v
     FROM unnest($1::timestamptz[]) WITH ORDINALITY u(e, i) ORDER BY i`,
    [got.map((r) => new Date(Number(r.time_ms)))]
  );
  got.forEach((r, i) => {
    const v = Number(exact.rows[i].v);
    expect(v).toBeGreaterThan(1000);
    expect(Math.abs(Number(r.value) - v)).toBeLessThanOrEqual(0.02 * v);
  });
});
