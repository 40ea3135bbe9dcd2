/** @jest-environment jsdom */
/**
 * jsdom: @grafana/data reads `window` when it loads; pg still runs on Node's sockets.
 *
 * Series and breakdown statements return the target and thresholds in force per row, on every
 * path (point by point, one pass, breakdown), and a Trend or Breakdown panel colours itself with
 * them: one statement per panel, no second evaluation of what is in force. Expected thresholds
 * are read off the schedule below by hand.
 */
import { instant } from '../../src/core/compiler/anchor';
import { compileSeries } from '../../src/core/compiler/seriesQuery';
import { evaluateJudgedBreakdown } from '../../src/core/evaluation/breakdown';
import { evaluateJudgedSeries } from '../../src/core/evaluation/series';
import { statusBands } from '../../src/core/rules/statusRule';
import { STATUS_COLORS } from '../../src/core/rules/status';
import { parseWindow } from '../../src/core/catalog/duration';
import type { WindowSpec } from '../../src/core/catalog/model';
import { runQuery } from '../../src/datasource/runQuery';
import { withDefaults } from '../../src/query/defaults';
import type { KpiQuery } from '../../src/query/model';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, DAY, HOUR, insertRows, pgRunner } from '../support/fixtures';

// Schedule dates are the start of that day in UTC; an entry is in force strictly after its start.
const CATALOG = catalogOf(`
apiVersion: openkpi/v1
name: judged-rows
timezone: UTC
sources:
  events: { table: events, time: t, dimensions: [team] }
kpis:
  - id: event_count
    name: Events
    source: events
    window: 1d
    direction: higher
    measure: { aggregate: count }
    thresholds: { warning: 3, critical: 1 }
    targets:
      - { from: 2025-03-10, value: 10 }
      - { from: 2025-03-12, value: 20, warning: 15, critical: 12 }
  - id: event_sum
    name: Event amount
    source: events
    window: 1d
    direction: lower
    measure: { aggregate: sum, expression: amount }
    target: 50
    thresholds: { warning: 60, critical: 80 }
`);

const day = (d: number) => Date.parse(`2025-03-${String(d).padStart(2, '0')}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString();

describe('series and breakdown rows carry what is in force', () => {
  let db: TestDatabase;
  const statements: string[] = [];
  const counting = () => {
    const inner = pgRunner(db);
    return { query: (sql: string) => (statements.push(sql), inner.query(sql)) };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query('CREATE TABLE events (t timestamptz, team text, amount numeric)');
    // Two events a day, 10:00 and 14:00 UTC, team a then b, amounts 10 and 30.
    const rows = [];
    for (let d = 8; d <= 13; d++) {
      rows.push({ t: new Date(day(d) + 10 * HOUR), team: 'a', amount: 10 });
      rows.push({ t: new Date(day(d) + 14 * HOUR), team: 'b', amount: 30 });
    }
    await insertRows(db, 'events', rows);
  });
  afterAll(() => db.drop());
  beforeEach(() => (statements.length = 0));

  // Points at the ends of daily buckets from 03-10 to 03-13 (trend mode, end-aligned).
  const times = [11, 12, 13, 14].map(day);
  // At 03-11 and 03-12 00:00 the first entry (target 10, the KPI's thresholds 3 / 1) is in force;
  // the second starts 03-12 00:00 and is in force strictly after it (03-13, 03-14: 20, 15 / 12).
  const scheduled = [
    { target: 10, warning: 3, critical: 1 },
    { target: 10, warning: 3, critical: 1 },
    { target: 20, warning: 15, critical: 12 },
    { target: 20, warning: 15, critical: 12 },
  ];
  const request = (kpiId: string) => ({
    kpiId,
    from: new Date(day(10)),
    to: new Date(day(14)),
    step: parseWindow('1d') as WindowSpec,
    mode: 'trend' as const,
  });

  it.each([
    // A rolling count with a rolling step is the one-pass trend; a sum goes point by point.
    ['event_count', 'slices AS', scheduled, 2],
    ['event_sum', 'FROM buckets b', scheduled.map(() => ({ target: 50, warning: 60, critical: 80 })), 40],
  ])('%s: each point with the target and thresholds in force at its instant', async (id, shape, inForce, value) => {
    expect(compileSeries(CATALOG, request(id))).toContain(shape);
    const series = await evaluateJudgedSeries(CATALOG, request(id), pgRunner(db));
    expect(series.points).toEqual(times.map((t, i) => ({ time: iso(t), value, ...inForce[i] })));
  });

  it('breakdown: every row with what is in force at the anchor', async () => {
    const at = instant(new Date(day(13) + 12 * HOUR));
    const result = await evaluateJudgedBreakdown(CATALOG, { kpiId: 'event_count', by: 'team', at }, pgRunner(db));
    // [03-12T12:00, 03-13T12:00): team a's 03-13 10:00, team b's 03-12 14:00.
    expect(result.rows).toEqual([
      { key: 'a', value: 1, target: 20, warning: 15, critical: 12 },
      { key: 'b', value: 1, target: 20, warning: 15, critical: 12 },
    ]);
  });

  const ctx = { from: new Date(day(10)), to: new Date(day(14)), intervalMs: DAY };
  const resolved = (query: Partial<KpiQuery>) => ({
    query: withDefaults({ refId: 'A', ...query } as KpiQuery),
    selector: { kpis: ['event_count'], areas: [], owners: [], tags: [] },
    filters: [],
    by: query.queryType === 'breakdown' ? 'team' : undefined,
  });
  /** The Grafana threshold steps a value field must carry for these thresholds. */
  const steps = (warning: number, critical: number) =>
    statusBands('higher', { warning, critical }).map((b) => ({ value: b.from, color: STATUS_COLORS[b.status] }));

  it.each<[Partial<KpiQuery>]>([[{ queryType: 'trend', step: '1d' }], [{ queryType: 'breakdown', by: 'team' }]])(
    'a %p panel: one statement, coloured with the thresholds it returned',
    async (query) => {
      const outcome = await runQuery(CATALOG, resolved(query), ctx, counting());
      expect(outcome.errors).toEqual([]);
      expect(statements).toHaveLength(1);
      const value = outcome.frames[0].fields.find((f) => f.name === 'value')!;
      // In force at the range end (03-14 00:00): the second entry's 15 / 12.
      expect(value.config.thresholds?.steps).toEqual(steps(15, 12));
    }
  );
});
