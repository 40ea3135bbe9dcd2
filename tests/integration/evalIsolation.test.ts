/** @jest-environment node */
import { instant } from '../../src/core/compiler/anchor';
import { evaluateKpis } from '../../src/core/evaluation/evaluate';
import { SqlRunner } from '../../src/core/evaluation/runner';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, pgRunner } from '../support/fixtures';

// When the one statement fails, broken or slow KPIs are found by halving, not by running every
// KPI alone, and the whole request stops starting statements once its time budget is used.
const AT = new Date('2025-03-10T00:00:00Z');

function catalogText(kinds: Array<'good' | 'broken' | 'slow'>): string {
  const kpis = kinds.map((kind, i) => {
    const source = kind === 'slow' ? 'slow' : 'events';
    const expression = kind === 'broken' ? 'no_such_column' : '1';
    return `  - { id: k${i}, name: K${i}, source: ${source}, window: 7d, measure: { aggregate: sum, expression: "${expression}" } }`;
  });
  return `apiVersion: openkpi/v1
name: isolation
sources:
  events: { table: events, time: t }
  slow: { sql: "SELECT t FROM events, pg_sleep(1)", time: t }
kpis:
${kpis.join('\n')}
`;
}

describe('evaluation fallback', () => {
  let db: TestDatabase;
  let statements: string[];
  let runner: SqlRunner;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query(`CREATE TABLE events (t timestamptz NOT NULL)`);
    await db.query(
      `INSERT INTO events SELECT '${AT.toISOString()}'::timestamptz - g * interval '1 hour' FROM generate_series(1, 30) g`
    );
    await db.query(`SET statement_timeout = '300ms'`);
  });
  beforeEach(() => {
    statements = [];
    const pg = pgRunner(db);
    runner = { query: (sql) => (statements.push(sql), pg.query(sql)) };
  });
  afterAll(() => db.drop());

  it('finds one broken KPI among 16 with about 2·log2(16) statements, and evaluates the rest', async () => {
    const kinds = Array.from({ length: 16 }, (_, i): 'good' | 'broken' => (i === 11 ? 'broken' : 'good'));
    const result = await evaluateKpis(catalogOf(catalogText(kinds)), { at: instant(AT) }, runner);
    expect(result.kpis.map((k) => k.value)).toEqual(kinds.map((k) => (k === 'broken' ? null : 30)));
    expect(result.kpis[11].error).toMatch(/^K11 \(k11\): column "no_such_column" does not exist/);
    // 1 combined + 2 per level (4 levels) = 9, against 1 + 16 running every KPI alone.
    expect(statements.length).toBeLessThanOrEqual(9);
  });

  it('isolates timed-out KPIs and keeps the fast ones', async () => {
    const kinds = ['good', 'slow', 'good', 'slow'] as const;
    const result = await evaluateKpis(catalogOf(catalogText([...kinds])), { at: instant(AT) }, runner);
    expect(result.kpis.map((k) => k.value)).toEqual([30, null, 30, null]);
    expect(result.kpis[1].error).toMatch(/canceling statement due to statement timeout/);
  });

  it('starts no statement after the budget and says why for the KPIs left', async () => {
    // A clock that moves 1 s per statement: a budget of 2.5 s allows three.
    let now = 0;
    const timed: SqlRunner = { query: (sql) => ((now += 1000), runner.query(sql)) };
    const kinds = ['good', 'slow', 'slow', 'slow', 'slow', 'slow'] as const;
    const result = await evaluateKpis(catalogOf(catalogText([...kinds])), { at: instant(AT) }, timed, {
      budgetMs: 2500,
      now: () => now,
    });
    expect(statements.length).toBe(3);
    const left = result.kpis.filter((k) => /not evaluated: the request used its 3 s/.test(k.error ?? ''));
    expect(left.length).toBeGreaterThan(0);
    expect(result.kpis.every((k) => k.status === 'error' || k.value === 30)).toBe(true);
  });

  it('fails only the KPIs whose source lacks a filtered dimension, with the reason', async () => {
    const catalog = catalogOf(`apiVersion: openkpi/v1
name: partial
sources:
  events: { table: events, time: t }
  teams: { sql: "SELECT t, 'red'::text AS team FROM events", time: t, dimensions: [team] }
kpis:
  - { id: all_events, name: All events, source: events, window: 7d, measure: { aggregate: count } }
  - { id: team_events, name: Team events, source: teams, window: 7d, measure: { aggregate: count } }
`);
    const result = await evaluateKpis(
      catalog,
      { at: instant(AT), filters: [{ dimension: 'team', values: ['red'] }] },
      runner
    );
    expect(result.kpis[0]).toMatchObject({ status: 'error', value: null });
    expect(result.kpis[0].error).toMatch(/dimension "team" is not declared on source events/);
    expect(result.kpis[1]).toMatchObject({ value: 30 });
    expect(result.kpis[1].error).toBeUndefined();
  });
});
