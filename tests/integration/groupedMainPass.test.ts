/** @jest-environment node */
/**
 * The grouped main pass (core/compiler/passes.ts groupedMainPass) in real PostgreSQL: a scorecard
 * of many counts, sums, averages, extremes, ratios and NPS over a few windows groups its rows by
 * the window bounds they pass and merges per-group partials. On seeded random rows (NULLs, KPI
 * and measure filters, integer, numeric and float columns, a dimension filter) every KPI's value
 * and previous equal the aggregate over that window written by hand here.
 */
import fc from 'fast-check';
import { instant } from '../../src/core/compiler/anchor';
import { compileEval } from '../../src/core/compiler/evalQuery';
import type { DimensionFilter } from '../../src/core/compiler/filters';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, evalValues, RollingByHand, rollingValuesByHand } from '../support/fixtures';

const WINDOWS: Array<[string, number]> = [
  ['1d', 24],
  ['3d', 72],
  ['7d', 168],
];

/** Each measure with its SQL by hand: the aggregate and the rows' conditions (the KPI's filter and the measure's). */
const MEASURES: Array<{ id: string; kpi: string; hand: Omit<RollingByHand, 'hours'> }> = [
  { id: 'rows', kpi: 'measure: { aggregate: count }', hand: { select: 'count(*)::float8', where: 'true' } },
  {
    id: 'ok_rows_a',
    kpi: `filter: "team = 'a'", measure: { aggregate: count, filter: "status = 'ok'" }`,
    hand: { select: 'count(*)::float8', where: "team = 'a' AND status = 'ok'" },
  },
  {
    id: 'units',
    kpi: 'measure: { aggregate: sum, expression: n }',
    hand: { select: 'coalesce(sum(n), 0)::float8', where: 'true' },
  },
  {
    id: 'avg_units',
    kpi: 'measure: { aggregate: avg, expression: n }',
    hand: { select: 'avg(n)::float8', where: 'true' },
  },
  {
    id: 'price',
    kpi: 'measure: { aggregate: sum, expression: price }',
    hand: { select: 'coalesce(sum(price), 0)::float8', where: 'true' },
  },
  {
    id: 'avg_price',
    kpi: 'measure: { aggregate: avg, expression: price, filter: "status = \'ok\'" }',
    hand: { select: 'avg(price)::float8', where: "status = 'ok'" },
  },
  {
    id: 'avg_seconds',
    kpi: 'measure: { aggregate: avg, expression: seconds }',
    hand: { select: 'avg(seconds)::float8', where: 'true' },
  },
  {
    id: 'avg_ratio',
    kpi: 'measure: { aggregate: avg, expression: ratio }',
    hand: { select: 'avg(ratio)::float8', where: 'true' },
  },
  {
    id: 'max_seconds',
    kpi: 'measure: { aggregate: max, expression: seconds }',
    hand: { select: 'max(seconds)::float8', where: 'true' },
  },
  {
    id: 'min_seconds',
    kpi: 'measure: { aggregate: min, expression: seconds }',
    hand: { select: 'min(seconds)::float8', where: 'true' },
  },
  {
    id: 'ok_rate',
    kpi: `measure: { ratio: { numerator: { aggregate: count, filter: "status = 'ok'" }, denominator: { aggregate: count } }, scale: 100 }`,
    hand: {
      select: "(100 * count(*) FILTER (WHERE status = 'ok')::float8 / NULLIF(count(*)::float8, 0))",
      where: 'true',
    },
  },
  {
    id: 'nps',
    kpi: 'minVolume: 5, measure: { nps: { expression: score } }',
    hand: {
      select:
        '(100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / NULLIF(count(score), 0))::float8',
      where: 'true',
    },
  },
];

const CATALOG = catalogOf(`
apiVersion: openkpi/v1
name: grouped-main
timezone: UTC
sources:
  events: { table: gm.events, time: t, dimensions: [team] }
kpis:
${WINDOWS.flatMap(([w]) => MEASURES.map((m) => `  - { id: ${m.id}_${w}, name: ${m.id} ${w}, source: events, window: ${w}, ${m.kpi} }`)).join('\n')}
`);

const HAND: Record<string, RollingByHand> = Object.fromEntries(
  WINDOWS.flatMap(([w, hours]) => MEASURES.map((m) => [`${m.id}_${w}`, { hours, ...m.hand }]))
);

const AT = Date.parse('2025-06-30T10:17:00Z');

describe('the grouped main pass', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query('CREATE SCHEMA gm');
    await db.query(
      'CREATE TABLE gm.events (t timestamptz, team text, status text, n int, price numeric(10, 2), seconds double precision, score int, ratio real)'
    );
  });
  afterAll(() => db.drop());

  const sqlOf = (filters: DimensionFilter[] = []) => compileEval(CATALOG, { at: instant(new Date(AT)), filters });
  const evaluated = (filters: DimensionFilter[] = []) => evalValues(db, sqlOf(filters), Object.keys(HAND));
  const handWritten = (team?: string) => rollingValuesByHand(db, 'gm.events', HAND, AT, team);

  it('groups the scan by its window bounds: one flag per bound, each partial once', () => {
    const sql = sqlOf();
    // 3 windows and their previous ones: 4 distinct bounds (the previous ones' ends are the current ones' starts… and the earliest start is the scan's).
    const groupBy = /GROUP BY ((?:\d+, )*\d+)\n/.exec(sql);
    expect(groupBy).not.toBeNull();
    expect(groupBy![1].split(', ').length).toBeGreaterThanOrEqual(4);
    expect(sql).not.toMatch(/count\(\*\) FILTER \(WHERE s\.t >= /);
  });

  it('gives volumes as double precision, as every figure', async () => {
    // Only KPIs with a minimum volume (no other row makes the column double precision); rows
    // every hour before AT, the window's start included.
    const ids = WINDOWS.map(([w]) => `nps_${w}`);
    const sql = compileEval(CATALOG, { kpiIds: ids, at: instant(new Date(AT)) });
    expect(sql).toMatch(/GROUP BY \d+, \d+/);
    await db.query('TRUNCATE gm.events');
    await db.query(
      `INSERT INTO gm.events (t, score) SELECT to_timestamp(${AT / 1000}) - g * interval '1 hour', g % 11 FROM generate_series(1, 100) g`
    );
    const rows = await db.query<{ kpi: string; volume: unknown }>(sql);
    expect(rows.map((r) => [r.kpi, r.volume])).toEqual([
      ['nps_1d', 24],
      ['nps_3d', 72],
      ['nps_7d', 100],
    ]);
  });

  it('averages a real column in double precision, as avg does', async () => {
    // 0.1 is not a quarter: summed in real, the average of 20,000 of them is off by about 0.02 %.
    await db.query('TRUNCATE gm.events');
    await db.query(
      `INSERT INTO gm.events (t, ratio) SELECT to_timestamp(${AT / 1000}) - interval '1 minute', 0.1 FROM generate_series(1, 20000)`
    );
    const values = await evaluated();
    const [hand] = await db.query<{ v: number }>('SELECT avg(ratio)::float8 AS v FROM gm.events');
    expect(Math.abs((values.avg_ratio_1d[0] as number) - hand.v)).toBeLessThan(1e-12);
  });

  it('equals each aggregate over each window on random rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 20 }),
        async (seed, rows, days) => {
          await db.query('TRUNCATE gm.events');
          await db.query(`SELECT setseed(${seed})`);
          // Quarters of a second: float sums are exact whatever the order, so the hand-written
          // single-pass aggregate and the merged partials agree to the bit.
          await db.query(`INSERT INTO gm.events
            SELECT to_timestamp(${AT / 1000}) - random() * interval '${days} days',
              (ARRAY['a', 'b', NULL])[1 + floor(random() * 3)::int], (ARRAY['ok', 'failed'])[1 + floor(random() * 2)::int],
              CASE WHEN random() < 0.1 THEN NULL ELSE floor(random() * 1000)::int - 100 END,
              round((random() * 500)::numeric, 2),
              CASE WHEN random() < 0.1 THEN NULL ELSE floor(random() * 4000) / 4 END,
              CASE WHEN random() < 0.1 THEN NULL ELSE floor(random() * 11)::int END,
              floor(random() * 400) / 4
            FROM generate_series(1, ${rows})`);
          expect(await evaluated()).toEqual(await handWritten());
          expect(await evaluated([{ dimension: 'team', values: ['b'] }])).toEqual(await handWritten('b'));
        }
      ),
      { numRuns: 20 }
    );
  }, 120_000);
});
