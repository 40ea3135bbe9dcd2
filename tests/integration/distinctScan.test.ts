/** @jest-environment node */
/**
 * Distinct counts of one expression whose windows overlap (core/compiler/passes.ts
 * sharesDistinctScan) in one scan with a `count(DISTINCT …) FILTER` per window, in real
 * PostgreSQL: on seeded random rows (NULLs, repeats, a dimension filter), every KPI's value and
 * previous equal `count(DISTINCT …)` over that window written by hand here, for the KPIs of the
 * shared scan (KPI filter, measure filter) and for another expression with a subquery per window
 * in the same statement.
 */
import fc from 'fast-check';
import { instant } from '../../src/core/compiler/anchor';
import { compileEval } from '../../src/core/compiler/evalQuery';
import type { DimensionFilter } from '../../src/core/compiler/filters';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, evalValues, RollingByHand, rollingValuesByHand } from '../support/fixtures';

const CATALOG = catalogOf(`
apiVersion: openkpi/v1
name: distinct-scan
timezone: UTC
sources:
  events: { table: ds.events, time: t, dimensions: [team] }
kpis:
  - { id: u_7d, name: Users, source: events, window: 7d, measure: { aggregate: count_distinct, expression: u } }
  - { id: u_7d_a, name: Users of a, source: events, window: 7d, filter: "team = 'a'", measure: { aggregate: count_distinct, expression: u } }
  - { id: u_3d, name: Users 3d, source: events, window: 3d, measure: { aggregate: count_distinct, expression: u } }
  - { id: u_1d_x, name: Users of x, source: events, window: 1d, measure: { aggregate: count_distinct, expression: u, filter: "kind = 'x'" } }
  - { id: kinds_7d, name: Kinds, source: events, window: 7d, measure: { aggregate: count_distinct, expression: kind } }
  - { id: rows_7d, name: Rows, source: events, window: 7d, measure: { aggregate: count } }
`);

const AT = Date.parse('2025-06-30T10:17:00Z');

/** Each KPI as count(DISTINCT …) over its rolling window, written by hand. */
const HAND: Record<string, RollingByHand> = {
  u_7d: { hours: 168, select: 'count(DISTINCT u)::float8', where: 'true' },
  u_7d_a: { hours: 168, select: 'count(DISTINCT u)::float8', where: "team = 'a'" },
  u_3d: { hours: 72, select: 'count(DISTINCT u)::float8', where: 'true' },
  u_1d_x: { hours: 24, select: 'count(DISTINCT u)::float8', where: "kind = 'x'" },
  kinds_7d: { hours: 168, select: 'count(DISTINCT kind)::float8', where: 'true' },
};

describe('distinct counts of overlapping windows in one scan', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query('CREATE SCHEMA ds');
    await db.query('CREATE TABLE ds.events (t timestamptz, u int, team text, kind text)');
  });
  afterAll(() => db.drop());

  const sqlOf = (filters: DimensionFilter[] = []) => compileEval(CATALOG, { at: instant(new Date(AT)), filters });

  const evaluated = (filters: DimensionFilter[] = []) => evalValues(db, sqlOf(filters), Object.keys(HAND));
  const handWritten = (team?: string) => rollingValuesByHand(db, 'ds.events', HAND, AT, team);

  it('counts the shared scan’s windows with a FILTER each, the other expression per window', () => {
    const sql = sqlOf();
    expect(sql.match(/count\(DISTINCT \(u\)\) FILTER/g)?.length).toBe(8);
    expect(sql.match(/\(SELECT count\(DISTINCT \(kind\)\)/g)?.length).toBe(2);
  });

  it('equals count(DISTINCT) over each window on random rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 20 }),
        async (seed, rows, users, days) => {
          await db.query('TRUNCATE ds.events');
          await db.query(`SELECT setseed(${seed})`);
          await db.query(`INSERT INTO ds.events
            SELECT to_timestamp(${AT / 1000}) - random() * interval '${days} days',
              CASE WHEN random() < 0.05 THEN NULL ELSE floor(random() * ${users})::int END,
              (ARRAY['a', 'b', NULL])[1 + floor(random() * 3)::int], (ARRAY['x', 'y', NULL])[1 + floor(random() * 3)::int]
            FROM generate_series(1, ${rows})`);
          expect(await evaluated()).toEqual(await handWritten());
          expect(await evaluated([{ dimension: 'team', values: ['b'] }])).toEqual(await handWritten('b'));
        }
      ),
      { numRuns: 25 }
    );
  }, 120_000);
});
