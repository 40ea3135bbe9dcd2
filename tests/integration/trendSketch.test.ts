/** @jest-environment node */
/**
 * A percentile trend with `approximate: true` from its rollup in one statement
 * (core/compiler/trendSketch.ts): on random rows (fast-check) with the rollup built by
 * `openkpi rollup`'s refresh, every point equals the same KPI read point by point from the rollup
 * (the same histogram, so the same number), for rolling and calendar windows, trend and bucket
 * steps, with and without a dimension filter, a range that ends off the hour and a rollup whose
 * boundary lies inside the range; and each point is within the stated 1 % of the exact
 * percentile_cont of its window's rows (hand-written SQL).
 */
import fc from 'fast-check';
import { compileSeries, compileSeriesPlan, compileSeriesPointByPoint } from '../../src/core/compiler/seriesQuery';
import { availableRollups } from '../../src/core/rollup/probe';
import type { RollupPlan } from '../../src/core/rollup/plan';
import { createTestDatabase, TestDatabase } from '../support/db';
import { SERIES_STEPS, seriesRequest, TEAM_FILTERS } from '../support/trendFixture';
import { catalogOf, DAY, HOUR, pgRunner, refreshRollups } from '../support/fixtures';

const START = Date.parse('2025-03-20T00:00:00Z');
const DAYS = 16;

const CATALOG = catalogOf(`
apiVersion: openkpi/v1
name: trend-sketch
timezone: Europe/Berlin
approximate: true
sources:
  events: { table: events, time: t, dimensions: [team] }
kpis:
  - { id: p95, name: p95, source: events, window: 3d, measure: { aggregate: p95, expression: latency } }
  - { id: p50_month, name: p50 month, source: events, window: month, measure: { aggregate: p50, expression: delta } }
  - { id: p90_ok, name: p90 ok, source: events, window: 1d, filter: "ok", measure: { aggregate: p90, expression: latency } }
`);

interface Row {
  offset: number;
  latency: number;
  delta: number;
  team: string;
  ok: boolean;
}

const row: fc.Arbitrary<Row> = fc.record({
  offset: fc.integer({ min: 0, max: DAYS * 86400 - 1 }),
  latency: fc.double({ min: 0.5, max: 5000, noNaN: true }),
  // Negative, zero and positive values: the histogram mirrors negatives and keeps 0 exact.
  delta: fc.oneof(fc.constant(0), fc.integer({ min: -300, max: 300 })),
  team: fc.constantFrom('a', 'b'),
  ok: fc.boolean(),
});

describe('a percentile trend with approximate: true in one statement from its rollup', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query('CREATE TABLE events (t timestamptz, latency float8, delta int, team text, ok boolean)');
  });
  afterAll(() => db.drop());

  const rows = async (sql: string) => (await db.client.query(sql)).rows;

  async function load(data: Row[]): Promise<RollupPlan[]> {
    await db.query('DROP SCHEMA IF EXISTS openkpi CASCADE');
    await db.query('TRUNCATE events');
    await db.query(
      `INSERT INTO events SELECT $1::timestamptz + o * interval '1 second', l, d, team, ok
       FROM unnest($2::int[], $3::float8[], $4::int[], $5::text[], $6::boolean[]) u(o, l, d, team, ok)`,
      [
        new Date(START),
        data.map((d) => d.offset),
        data.map((d) => d.latency),
        data.map((d) => d.delta),
        data.map((d) => d.team),
        data.map((d) => d.ok),
      ]
    );
    const runner = pgRunner(db);
    await refreshRollups(CATALOG, runner, 0);
    return availableRollups(CATALOG, runner);
  }

  it('gives what each point reads from the rollup alone, for every window, step, filter and rollup boundary', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 0, maxLength: 300, size: 'max' }),
        fc.constantFrom(...SERIES_STEPS),
        fc.integer({ min: 5 * DAY, max: DAYS * DAY }),
        fc.integer({ min: 0, max: 86400 }),
        fc.constantFrom(...TEAM_FILTERS),
        fc.option(fc.integer({ min: 0, max: DAYS * 24 }), { freq: 2 }),
        async (data, [step, mode], end, jitter, filters, boundaryHour) => {
          const rollups = await load(data);
          if (boundaryHour !== null) {
            // A rollup refreshed long ago: closed only up to this hour, raw rows after it.
            await db.query('UPDATE openkpi.rollup_state SET closed_before = $1', [
              new Date(START + boundaryHour * HOUR),
            ]);
          }
          const to = START + end + jitter * 1000;
          const from = to - (3 * DAY + (jitter % 9) * DAY);
          for (const kpi of CATALOG.kpis) {
            const asked = { ...seriesRequest(kpi.id, step, from, to, mode), filters, rollups };
            const plan = compileSeriesPlan(CATALOG, asked);
            expect(plan.paths.join()).toContain('cut intervals');
            expect({ id: kpi.id, step, mode, rows: await rows(plan.sql) }).toEqual({
              id: kpi.id,
              step,
              mode,
              rows: await rows(compileSeriesPointByPoint(CATALOG, asked)),
            });
          }
        }
      ),
      { numRuns: 8 }
    );
  }, 300_000);

  it('keeps every point within 1 % of the exact percentile of its window', async () => {
    const data = fc.sample(row, { numRuns: 3000, seed: 7 });
    const rollups = await load(data);
    const to = START + 13 * DAY + 5 * HOUR + 17 * 60_000;
    const asked = { ...seriesRequest('p95', '1d', to - 8 * DAY, to), rollups };
    const got = await rows(compileSeries(CATALOG, asked));
    expect(got.length).toBeGreaterThan(7);
    const exact = await db.client.query<{ v: number }>(
      `SELECT (SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY latency) FROM events
         WHERE t >= e - interval '3 days' AND t < e) AS v
       FROM unnest($1::timestamptz[]) WITH ORDINALITY u(e, i) ORDER BY i`,
      [got.map((r) => new Date(Number(r.time_ms)))]
    );
    got.forEach((r, i) => {
      const v = exact.rows[i].v;
      expect(Math.abs(Number(r.value) - v)).toBeLessThanOrEqual(0.01 * v);
    });
  }, 60_000);
});
