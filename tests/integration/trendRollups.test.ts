/** @jest-environment node */
/**
 * Series and breakdowns read a fresh rollup (core/rollup/trendSlices.ts, breakdownRollup.ts):
 * on random rows (fast-check), with the rollup built by `openkpi rollup`'s refresh, every point
 * of a one-pass series from the rollup's closed hours plus raw rows (the scan's ends, the hours a
 * slice edge cuts, everything after the rollup's boundary) equals the point-by-point series over
 * raw rows, for every additive form, with and without a dimension filter, a dashboard range that
 * ends off the hour, and a rollup whose boundary lies inside the range; breakdowns likewise.
 */
import fc from 'fast-check';
import { parseWindow } from '../../src/core/catalog/duration';
import type { WindowSpec } from '../../src/core/catalog/model';
import { instant } from '../../src/core/compiler/anchor';
import { compileBreakdown } from '../../src/core/compiler/breakdownQuery';
import { compileSeries, compileSeriesPointByPoint, SeriesRequest } from '../../src/core/compiler/seriesQuery';
import { availableRollups } from '../../src/core/rollup/probe';
import type { RollupPlan } from '../../src/core/rollup/plan';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, DAY, HOUR, pgRunner, refreshRollups } from '../support/fixtures';
import {
  EventRow,
  eventRow,
  EVENTS_TABLE,
  FORM_KPIS,
  loadEvents,
  START,
  SERIES_STEPS,
  TEAM_FILTERS,
} from '../support/trendFixture';

const CATALOG = catalogOf(`
apiVersion: openkpi/v1
name: trend-rollups
timezone: Europe/Berlin
sources:
  events: { table: events, time: t, dimensions: [team, kind] }
kpis:${FORM_KPIS}
  - { id: runs_a, name: Kind x, source: events, window: 2d, filter: "kind = 'x'", measure: { aggregate: count, expression: n } }
  - id: share_ok
    name: Share ok
    source: events
    window: 4d
    measure: { ratio: { numerator: { aggregate: count, filter: "n >= 3" }, denominator: { aggregate: count } }, scale: 100 }
  - { id: per_run, name: Per run, window: 3d, measure: { formula: "total / runs" } }
`);

describe('series and breakdowns from a rollup equal the raw ones', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query(EVENTS_TABLE);
  });
  afterAll(() => db.drop());

  const rows = async (sql: string) => (await db.client.query(sql)).rows;

  /** Loads the rows and builds the rollups from scratch, as `openkpi rollup` does. */
  async function load(data: EventRow[]): Promise<RollupPlan[]> {
    await db.query('DROP SCHEMA IF EXISTS openkpi CASCADE');
    await loadEvents(db, data);
    const runner = pgRunner(db);
    await refreshRollups(CATALOG, runner, 0);
    return availableRollups(CATALOG, runner);
  }

  /** The series of a KPI read from the rollups equals the point-by-point one over raw rows. */
  async function expectRolledEqualsRaw(
    kpiId: string,
    from: number,
    to: number,
    step: string,
    mode: 'trend' | 'buckets',
    filters: SeriesRequest['filters'],
    rollups: RollupPlan[]
  ): Promise<void> {
    const request: SeriesRequest = {
      kpiId,
      from: new Date(from),
      to: new Date(to),
      step: parseWindow(step) as WindowSpec,
      mode,
      filters,
      judging: true,
      endAligned: true,
    };
    expect({ kpiId, step, mode, rows: await rows(compileSeries(CATALOG, { ...request, rollups })) }).toEqual({
      kpiId,
      step,
      mode,
      rows: await rows(compileSeriesPointByPoint(CATALOG, request)),
    });
  }

  it('for every additive form, step, filter and rollup boundary on random rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventRow(40), { minLength: 0, maxLength: 200, size: 'max' }),
        fc.constantFrom(...SERIES_STEPS),
        fc.integer({ min: 6 * DAY, max: 39 * DAY }),
        fc.integer({ min: 0, max: 86400 }),
        fc.constantFrom(...TEAM_FILTERS),
        fc.option(fc.integer({ min: 0, max: 40 * 24 }), { freq: 2 }),
        async (data, [step, mode], end, jitter, filters, boundaryHour) => {
          const rollups = await load(data);
          expect(rollups.length).toBe(1);
          if (boundaryHour !== null) {
            // A rollup refreshed long ago: closed only up to this hour, raw rows after it.
            await db.query(`UPDATE openkpi.rollup_state SET closed_before = $1`, [
              new Date(START + boundaryHour * HOUR),
            ]);
          }
          const to = START + end + jitter * 1000;
          const from = to - (4 * DAY + (jitter % 12) * DAY);
          for (const kpi of CATALOG.kpis) {
            await expectRolledEqualsRaw(kpi.id, from, to, step, mode, filters, rollups);
          }
          // Formulas too: each operand is read from the rollup on its own, then joined per key.
          for (const kpi of CATALOG.kpis.filter((k) => k.source !== undefined || k.measure.kind === 'formula')) {
            for (const by of ['team', 'kind']) {
              const request = { kpiId: kpi.id, by, at: instant(new Date(to)), filters: by === 'team' ? filters : [] };
              expect({ id: kpi.id, by, rows: await rows(compileBreakdown(CATALOG, { ...request, rollups })) }).toEqual({
                id: kpi.id,
                by,
                rows: await rows(compileBreakdown(CATALOG, request)),
              });
            }
          }
        }
      ),
      { numRuns: 8 }
    );
  }, 300_000);

  it('splits the hours a slice edge cuts exactly, with rows on both sides of every edge', async () => {
    // A row every 7 minutes for 30 days: every cut hour has rows before and after its edge.
    const data: EventRow[] = Array.from({ length: (30 * 24 * 60) / 7 }, (_, i) => ({
      offset: i * 7 * 60 + (i % 5),
      n: i % 9 === 0 ? null : i % 11,
      amount: i % 13 === 0 ? null : ((i * 37) % 900) - 100,
      team: ['a', 'b', null][i % 3],
      kind: i % 4 === 0 ? 'x' : 'y',
    }));
    const rollups = await load(data);
    const to = START + 21 * DAY + 13 * HOUR + 37 * 60_000 + 11_000;
    for (const [step, mode] of SERIES_STEPS) {
      for (const filters of TEAM_FILTERS) {
        for (const kpi of CATALOG.kpis) {
          await expectRolledEqualsRaw(kpi.id, to - 9 * DAY, to, step, mode, filters, rollups);
        }
      }
    }
  }, 300_000);

  it('reads the rollup for the forms it answers', async () => {
    const rollups = await load([{ offset: 5, n: 1, amount: 1, team: 'a', kind: 'x' }]);
    const request = (kpiId: string, step = '1d') => ({
      kpiId,
      from: new Date(START + 10 * DAY),
      to: new Date(START + 20 * DAY + 17 * 60_000),
      step: parseWindow(step) as WindowSpec,
      mode: 'trend' as const,
      rollups,
    });
    const table = `"${rollups[0].table[1]}"`;
    for (const kpi of CATALOG.kpis) {
      expect([kpi.id, compileSeries(CATALOG, request(kpi.id)).includes(table)]).toEqual([kpi.id, true]);
    }
    // Slices shorter than an hour would cut every hour: raw rows.
    expect(compileSeries(CATALOG, request('runs', '30m'))).not.toContain(table);
    expect(
      compileBreakdown(CATALOG, { kpiId: 'runs', by: 'team', at: instant(new Date(START + 9 * DAY)), rollups })
    ).toContain(table);
    expect(
      compileBreakdown(CATALOG, { kpiId: 'per_run', by: 'team', at: instant(new Date(START + 9 * DAY)), rollups })
    ).toContain(table);
  });
});
