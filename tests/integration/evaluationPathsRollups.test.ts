/** @jest-environment jsdom */
/**
 * jsdom: the editor preview's module renders with @grafana/ui; pg still runs on Node's sockets.
 *
 * The app's evaluation paths read a fresh rollup as the panels do (docs/rollups.md): the KPI
 * page, the editor preview, backtests (the app's and `openkpi backtest`'s core) and objectives.
 * On random rows (fast-check), with the rollup built by `openkpi rollup`'s refresh and its
 * boundary sometimes inside the range, each gives exactly what it gives over raw rows, for every
 * additive form; the backtest of a count is also checked against counts of the rows in the test.
 */
import fc from 'fast-check';
import { preview } from '../../src/components/KpiEditor/Preview';
import { loadKpiPage } from '../../src/components/KpiPage/useKpiPage';
import { parseWindow } from '../../src/core/catalog/duration';
import type { WindowSpec } from '../../src/core/catalog/model';
import { evaluateBacktest } from '../../src/core/backtest/evaluate';
import { instant } from '../../src/core/compiler/anchor';
import type { SqlRunner } from '../../src/core/evaluation/runner';
import { evaluateObjectives } from '../../src/core/objectives/evaluate';
import { availableRollups } from '../../src/core/rollup/probe';
import { rollupPlans, RollupPlan } from '../../src/core/rollup/plan';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, DAY, HOUR, pgRunner, refreshRollups } from '../support/fixtures';
import { EventRow, eventRow, EVENTS_TABLE, FORM_KPIS, loadEvents, START } from '../support/trendFixture';

const CATALOG = catalogOf(`
apiVersion: openkpi/v1
name: paths-rollups
timezone: Europe/Berlin
sources:
  events: { table: events, time: t, dimensions: [team, kind] }
kpis:${FORM_KPIS}
  - id: share_ok
    name: Share ok
    source: events
    window: 4d
    measure: { ratio: { numerator: { aggregate: count, filter: "n >= 3" }, denominator: { aggregate: count } }, scale: 100 }
    target: 50
    thresholds: { warning: 40, critical: 20 }
objectives:
  - id: grow
    title: Grow
    from: 2025-03-04
    keyResults:
      - { kpi: runs, target: 60, by: 2025-04-02 }
      - { kpi: total, target: 100, by: 2025-03-20, baseline: 0 }
      - { kpi: mean, target: 30, by: 2025-04-05 }
      - { kpi: score, target: 50, by: 2025-03-28 }
      - { kpi: share_ok, by: 2025-04-01 }
`);

const TABLE = `"${rollupPlans(CATALOG)[0].table[1]}"`;

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.query(EVENTS_TABLE);
});
afterAll(() => db.drop());

/** A runner that keeps every statement it ran (to see which read the rollup). */
function recording(): { runner: SqlRunner; sql: string[] } {
  const sql: string[] = [];
  const base = pgRunner(db);
  return { sql, runner: { query: (s) => (sql.push(s), base.query(s)) } };
}

/** Loads the rows and builds the rollup from scratch, as `openkpi rollup` does. */
async function load(data: EventRow[], boundaryHour: number | null): Promise<RollupPlan[]> {
  await db.query('DROP SCHEMA IF EXISTS openkpi CASCADE');
  await loadEvents(db, data);
  await refreshRollups(CATALOG, pgRunner(db), 0);
  if (boundaryHour !== null) {
    // A rollup refreshed long ago: closed only up to this hour, raw rows after it.
    await db.query(`UPDATE openkpi.rollup_state SET closed_before = $1`, [new Date(START + boundaryHour * HOUR)]);
  }
  return availableRollups(CATALOG, pgRunner(db));
}

const STEP = parseWindow('1d') as WindowSpec;

it('KPI page, preview, backtest and objectives from a rollup equal raw rows on random rows', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(eventRow(40), { minLength: 0, maxLength: 150, size: 'max' }),
      fc.integer({ min: 12 * DAY, max: 39 * DAY }),
      fc.integer({ min: 0, max: 86400 }),
      fc.option(fc.integer({ min: 0, max: 40 * 24 }), { freq: 2 }),
      async (data, end, jitter, boundaryHour) => {
        const rollups = await load(data, boundaryHour);
        expect(rollups).toHaveLength(1);
        const to = new Date(START + end + jitter * 1000);
        const from = new Date(to.getTime() - 10 * DAY);
        const raw = pgRunner(db);
        const rolled = recording();
        for (const kpi of CATALOG.kpis) {
          const backtest = { kpiId: kpi.id, from, to, step: STEP, endAligned: true, warning: 3, critical: 1 };
          expect({
            kpi: kpi.id,
            backtest: await evaluateBacktest(CATALOG, { ...backtest, rollups }, rolled.runner),
          }).toEqual({
            kpi: kpi.id,
            backtest: await evaluateBacktest(CATALOG, backtest, raw),
          });
          expect({ kpi: kpi.id, page: await loadKpiPage(CATALOG, kpi, { from, to }, rolled.runner, rollups) }).toEqual({
            kpi: kpi.id,
            page: await loadKpiPage(CATALOG, kpi, { from, to }, raw),
          });
          expect({ kpi: kpi.id, preview: await preview(CATALOG, kpi.id, rolled.runner, to, rollups) }).toEqual({
            kpi: kpi.id,
            preview: await preview(CATALOG, kpi.id, raw, to),
          });
        }
        expect(await evaluateObjectives(CATALOG, instant(to), rolled.runner, rollups)).toEqual(
          await evaluateObjectives(CATALOG, instant(to), raw)
        );
        // Equal because both read the same rows, not because nothing read the rollup.
        expect(rolled.sql.filter((s) => s.includes(TABLE)).length).toBeGreaterThan(CATALOG.kpis.length);
      }
    ),
    { numRuns: 5 }
  );
}, 300_000);

it("a backtest of a count from the rollup counts the window's rows at each point", async () => {
  const data = fc.sample(fc.array(eventRow(30), { minLength: 100, maxLength: 100, size: 'max' }), {
    numRuns: 1,
    seed: 7,
  })[0];
  const rollups = await load(data, 20 * 24);
  const to = new Date(START + 25 * DAY + 17 * 60_000 + 13_000);
  const from = new Date(to.getTime() - 10 * DAY);
  const rolled = recording();
  const result = await evaluateBacktest(
    CATALOG,
    { kpiId: 'runs', from, to, step: STEP, endAligned: true, rollups },
    rolled.runner
  );
  expect(rolled.sql.some((s) => s.includes(TABLE))).toBe(true);
  // `runs` counts the rows of the 3 days before each point (window 3d).
  const times = data.map((r) => START + r.offset * 1000);
  const expected = result.points.map((p) => {
    const at = Date.parse(p.time);
    return times.filter((t) => t >= at - 3 * DAY && t < at).length;
  });
  expect(result.points).toHaveLength(10);
  expect(Date.parse(result.points[9].time)).toBe(to.getTime());
  expect(result.points.map((p) => p.value)).toEqual(expected);
});
