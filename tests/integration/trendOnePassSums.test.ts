/** @jest-environment node */
/**
 * One-pass trends of sums and averages (core/compiler/trendOnePass.ts): exact for integer and
 * numeric expressions, so every point equals the hand-written window sum / average over the rows;
 * a floating-point expression is evaluated point by point (the one-pass branch is never run).
 * Expected values are hand-written SQL over the rows of each point's window.
 */
import { parseWindow } from '../../src/core/catalog/duration';
import type { WindowSpec } from '../../src/core/catalog/model';
import { compileSeries } from '../../src/core/compiler/seriesQuery';
import { evaluateSeries } from '../../src/core/evaluation/series';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, DAY, HOUR, pgRunner } from '../support/fixtures';

const CATALOG = catalogOf(`
apiVersion: openkpi/v1
name: one-pass-sums
timezone: UTC
sources:
  events: { table: events, time: t }
kpis:
  - { id: int_sum, name: Int sum, source: events, window: 3d, measure: { aggregate: sum, expression: n } }
  - { id: num_avg, name: Numeric avg, source: events, window: 2d, measure: { aggregate: avg, expression: amount, filter: "n > 2" } }
  - { id: int_avg, name: Int avg, source: events, window: 30h, measure: { aggregate: avg, expression: n } }
  - id: num_ratio
    name: Numeric ratio
    source: events
    window: 7d
    measure: { ratio: { numerator: { aggregate: sum, expression: amount, filter: "n % 2 = 0" }, denominator: { aggregate: sum, expression: amount } }, scale: 100 }
  - { id: float_sum, name: Float sum, source: events, window: 3d, measure: { aggregate: sum, expression: x } }
`);

const TO = Date.parse('2025-03-20T00:00:00Z');
const FROM = TO - 10 * DAY;

describe('one-pass trends of sums and averages', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query('CREATE TABLE events (t timestamptz, n int, amount numeric(12,3), x double precision)');
    // About 400 rows over 20 days at uneven times; amounts with three decimals, floats with many.
    await db.query(`INSERT INTO events
      SELECT '2025-03-01T00:00:00Z'::timestamptz + (g * 4321 % 1728000) * interval '1 second',
        g % 7, (g * 37 % 1000) / 7.0, (g * 0.1) / 3
      FROM generate_series(1, 400) g`);
  });
  afterAll(() => db.drop());

  /** Hand-written: the aggregate over the rows of each point's window [e − w, e). */
  async function expected(aggregate: string, windowMs: number, stepMs: number): Promise<Array<number | null>> {
    const rows = (
      await db.client.query(
        `SELECT (SELECT ${aggregate} FROM events WHERE t >= e - $2 * interval '1 millisecond' AND t < e) AS v
         FROM generate_series($1::timestamptz, $3::timestamptz, $4 * interval '1 millisecond') e ORDER BY e`,
        [new Date(FROM + stepMs), windowMs, new Date(TO), stepMs]
      )
    ).rows;
    return rows.map((r) => (r.v === null ? null : Number(r.v)));
  }

  const request = (kpiId: string, step: string) => ({
    kpiId,
    from: new Date(FROM),
    to: new Date(TO),
    step: parseWindow(step) as WindowSpec,
    mode: 'trend' as const,
  });

  it.each([
    ['int_sum', '12h', 'coalesce(sum(n), 0)::float8', 3 * DAY, 12 * HOUR],
    ['num_avg', '1d', 'avg(amount) FILTER (WHERE n > 2)::float8', 2 * DAY, DAY],
    ['int_avg', '6h', 'avg(n)::float8', 30 * HOUR, 6 * HOUR],
    [
      'num_ratio',
      '1d',
      '(100 * coalesce(sum(amount) FILTER (WHERE n % 2 = 0), 0)::float8 / NULLIF(coalesce(sum(amount), 0)::float8, 0))',
      7 * DAY,
      DAY,
    ],
  ])('%s (step %s): each point equals the hand-written aggregate exactly', async (id, step, aggregate, w, s) => {
    const series = await evaluateSeries(CATALOG, request(id, step), pgRunner(db));
    const want = await expected(aggregate, w, s);
    expect(series.points.map((p) => p.value)).toEqual(want);
    expect(want.filter((v) => v !== null && v !== 0).length).toBeGreaterThan(3);
  });

  it('reads an exact expression in one pass and a floating-point one point by point', async () => {
    const plan = async (id: string) =>
      (await db.client.query(`EXPLAIN (ANALYZE, COSTS OFF) ${compileSeries(CATALOG, request(id, '1d'))}`)).rows
        .map((r) => r['QUERY PLAN'] as string)
        .join('\n');
    // The branch not taken is never executed: the exact sum never runs its per-bucket subqueries,
    // the float sum never aggregates slices…
    expect(await plan('int_sum')).toMatch(/SubPlan \d+\n\s+->  Aggregate \(never executed\)/);
    expect(await plan('float_sum')).toMatch(/GroupAggregate \(never executed\)\n\s+Group Key: \(date_bin/);
    const series = await evaluateSeries(CATALOG, request('float_sum', '1d'), pgRunner(db));
    // …and the float sum is the row-by-row sum of each window, as before.
    expect(series.points.map((p) => p.value)).toEqual(await expected('coalesce(sum(x), 0)::float8', 3 * DAY, DAY));
  });
});
