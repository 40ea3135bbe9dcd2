/** @jest-environment node */
import { NOW } from '../../src/core/compiler/anchor';
import { evaluateKpis } from '../../src/core/evaluation/evaluate';
import { SqlRunner } from '../../src/core/evaluation/runner';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, pgRunner } from '../support/fixtures';

// When the one statement fails, each KPI runs alone; with the anchor now() they must still all be
// evaluated at one instant, or a 1-minute window could show rows the other KPIs do not.
const CATALOG = `
apiVersion: openkpi/v1
name: fallback
sources:
  events: { table: events, time: t }
kpis:
  - { id: good_a, name: Good A, source: events, window: 1m, measure: { aggregate: count } }
  - { id: broken, name: Broken, source: events, window: 1m, measure: { aggregate: sum, expression: no_such_column } }
  - { id: good_b, name: Good B, source: events, window: 1h, measure: { aggregate: count } }
`;

describe('evaluating many KPIs when one fails, at now()', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query(
      `CREATE TABLE events (t timestamptz); INSERT INTO events SELECT now() - g * interval '7 seconds' FROM generate_series(1, 100) g`
    );
  });
  afterAll(() => db.drop());

  it('evaluates the others at one instant that the database chose once', async () => {
    const runner = pgRunner(db);
    // Slow each statement down so separate now() calls would differ.
    const slow: SqlRunner = {
      query: async (sql) => {
        await new Promise((r) => setTimeout(r, 20));
        return runner.query(sql);
      },
    };
    const result = await evaluateKpis(catalogOf(CATALOG), { at: NOW }, slow);
    const [a, broken, b] = result.kpis;
    expect(broken.status).toBe('error');
    expect(broken.error).toMatch(/^Broken \(broken\): column "no_such_column" does not exist/);
    expect(a.window.to).toBe(result.at);
    expect(b.window.to).toBe(result.at);
    // Both counts agree with hand-written SQL at that same instant.
    const [expected] = await db.query<{ a: string; b: string }>(
      `SELECT count(*) FILTER (WHERE t >= $1::timestamptz - interval '1 minute' AND t < $1) AS a,
              count(*) FILTER (WHERE t >= $1::timestamptz - interval '1 hour' AND t < $1) AS b FROM events`,
      [result.at]
    );
    expect([a.value, b.value]).toEqual([Number(expected.a), Number(expected.b)]);
  });
});
