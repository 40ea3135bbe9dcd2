/** @jest-environment node */
/**
 * The percentile pass of eval (core/compiler/percentilePass.ts) in real PostgreSQL: on seeded
 * random rows whose values repeat (a few distinct values: the grouped plan) or do not (more
 * than a thousand distinct values among the first ten thousand rows: a sort per window), with
 * ties, zeros, negative values and NULLs, every KPI's value and previous equal `percentile_cont`
 * over that window written by hand here (rolling windows, several fractions of one expression,
 * a KPI filter, a measure filter, a second expression, a dimension filter), windows without
 * values give NULL, and EXPLAIN shows that the plan the values call for is the one that ran.
 */
import fc from 'fast-check';
import { instant } from '../../src/core/compiler/anchor';
import { compileEval } from '../../src/core/compiler/evalQuery';
import type { DimensionFilter } from '../../src/core/compiler/filters';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, DAY, evalValues, RollingByHand, rollingValuesByHand } from '../support/fixtures';

const CATALOG = catalogOf(`
apiVersion: openkpi/v1
name: percentile-pass
timezone: UTC
sources:
  events: { table: pe.events, time: t, dimensions: [team] }
kpis:
  - { id: v_p50_7d, name: V median, source: events, window: 7d, measure: { aggregate: p50, expression: v } }
  - { id: v_p95_7d, name: V p95, source: events, window: 7d, measure: { aggregate: p95, expression: v } }
  - { id: v_p99_3d, name: V p99 team a, source: events, window: 3d, filter: "team = 'a'", measure: { aggregate: p99, expression: v } }
  - { id: v_p90_1d, name: V p90 of x, source: events, window: 1d, measure: { aggregate: p90, expression: v, filter: "kind = 'x'" } }
  - { id: w_p75_36h, name: W p75, source: events, window: 36h, measure: { aggregate: p75, expression: w } }
  - { id: rows_7d, name: Rows, source: events, window: 7d, measure: { aggregate: count } }
`);

const AT = Date.parse('2025-06-30T10:17:00Z');

/** Each KPI as percentile_cont over its rolling window, written by hand. */
const HAND: Record<string, RollingByHand> = {
  v_p50_7d: { hours: 168, select: 'percentile_cont(0.5) WITHIN GROUP (ORDER BY v)', where: 'true' },
  v_p95_7d: { hours: 168, select: 'percentile_cont(0.95) WITHIN GROUP (ORDER BY v)', where: 'true' },
  v_p99_3d: { hours: 72, select: 'percentile_cont(0.99) WITHIN GROUP (ORDER BY v)', where: "team = 'a'" },
  v_p90_1d: { hours: 24, select: 'percentile_cont(0.9) WITHIN GROUP (ORDER BY v)', where: "kind = 'x'" },
  w_p75_36h: { hours: 36, select: 'percentile_cont(0.75) WITHIN GROUP (ORDER BY w::float8)', where: 'true' },
};

/** Rows from a seed: `distinct` values (0: continuous), a share of NULLs, spread over `days`. */
interface Data {
  seed: number;
  rows: number;
  distinct: number;
  nulls: number;
  days: number;
}

describe('percentiles in one pass per expression', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query('CREATE SCHEMA pe');
    await db.query('CREATE TABLE pe.events (t timestamptz, v float8, w numeric(10,2), team text, kind text)');
    await db.query('CREATE INDEX ON pe.events (t)');
  });
  afterAll(() => db.drop());

  async function load(d: Data): Promise<void> {
    await db.query('TRUNCATE pe.events');
    await db.query(`SELECT setseed(${d.seed})`);
    const value =
      d.distinct === 0 ? '(random() - 0.3) * 1000' : `floor(random() * ${d.distinct}) - ${Math.floor(d.distinct / 3)}`;
    await db.query(`INSERT INTO pe.events
      SELECT to_timestamp(${AT / 1000}) - random() * interval '${d.days} days',
        CASE WHEN random() < ${d.nulls} THEN NULL ELSE ${value} END,
        round((random() * 50)::numeric, 1),
        (ARRAY['a', 'b', NULL])[1 + floor(random() * 3)::int], (ARRAY['x', 'y'])[1 + floor(random() * 2)::int]
      FROM generate_series(1, ${d.rows})`);
    await db.query('ANALYZE pe.events');
  }

  const evaluated = (filters: DimensionFilter[] = []) =>
    evalValues(db, compileEval(CATALOG, { at: instant(new Date(AT)), filters }), Object.keys(HAND));
  const handWritten = (team?: string) => rollingValuesByHand(db, 'pe.events', HAND, AT, team);

  /** How often the grouped plan (its WindowAgg) and the sorts (the aggregate of percentile_cont) ran. */
  async function plansRun(): Promise<{ grouped: number; sorted: number }> {
    const sql = compileEval(CATALOG, { at: instant(new Date(AT)), kpiIds: ['v_p95_7d'] });
    const [row] = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (ANALYZE, VERBOSE, FORMAT JSON) ${sql}`);
    type PlanNode = { 'Node Type': string; 'Actual Loops': number; Output?: string[]; Plans?: PlanNode[] };
    const nodes: PlanNode[] = [];
    const walk = (n: PlanNode) => {
      nodes.push(n);
      (n.Plans ?? []).forEach(walk);
    };
    walk((row['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0].Plan);
    const loops = (pick: (n: PlanNode) => boolean) => nodes.filter(pick).reduce((s, n) => s + n['Actual Loops'], 0);
    return {
      grouped: loops((n) => n['Node Type'] === 'WindowAgg'),
      sorted: loops(
        (n) => n['Node Type'] === 'Aggregate' && (n.Output ?? []).some((o) => o.includes('percentile_cont'))
      ),
    };
  }

  it('equals percentile_cont for every window, whether the values repeat or not', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.double({ min: -1, max: 1, noNaN: true }),
          rows: fc.integer({ min: 0, max: 2500 }),
          distinct: fc.constantFrom(0, 1, 2, 7, 40, 900),
          nulls: fc.constantFrom(0, 0.1, 0.9),
          days: fc.integer({ min: 1, max: 20 }),
        }),
        async (d) => {
          await load(d);
          expect({ d, values: await evaluated() }).toEqual({ d, values: await handWritten() });
        }
      ),
      { numRuns: 30 }
    );
  }, 180_000);

  it('applies a dimension filter to every window', async () => {
    for (const distinct of [0, 12]) {
      await load({ seed: 0.25, rows: 6000, distinct, nulls: 0.05, days: 15 });
      expect(await evaluated([{ dimension: 'team', values: ['a'] }])).toEqual(await handWritten('a'));
    }
  });

  it('gives NULL for windows without values', async () => {
    await load({ seed: 0.5, rows: 400, distinct: 5, nulls: 0, days: 200 });
    await db.query(`DELETE FROM pe.events WHERE t >= '${new Date(AT - 3 * DAY).toISOString()}'`);
    const got = await evaluated();
    expect(got.v_p90_1d).toEqual([null, null]);
    expect(got.v_p99_3d[0]).toBeNull();
    expect(got).toEqual(await handWritten());
  });

  it('groups by value when the values repeat and sorts each window when they do not', async () => {
    await load({ seed: 0.75, rows: 4000, distinct: 30, nulls: 0.1, days: 30 });
    const repeating = await plansRun();
    expect(repeating.grouped).toBeGreaterThan(0);
    expect(repeating.sorted).toBe(0);
    await load({ seed: 0.75, rows: 4000, distinct: 0, nulls: 0.1, days: 30 });
    const continuous = await plansRun();
    expect(continuous.grouped).toBe(0);
    expect(continuous.sorted).toBeGreaterThan(0);
  });
});
