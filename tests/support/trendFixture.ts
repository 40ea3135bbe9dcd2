/**
 * Rows and KPIs shared by the series tests on random rows (trendOnePassForms, trendRollups,
 * trendPercentile, trendDistinct): an `events` table, a fast-check row generator over a number of
 * days from START, the KPIs of every additive measure form as catalog YAML lines, and values
 * written by hand per point.
 */
import fc from 'fast-check';
import { parseWindow } from '../../src/core/catalog/duration';
import type { Catalog, WindowSpec } from '../../src/core/catalog/model';
import { compileSeries, compileSeriesPointByPoint, SeriesRequest } from '../../src/core/compiler/seriesQuery';
import type { TestDatabase } from './db';

export const START = Date.parse('2025-03-01T00:00:00Z');

/**
 * A dashboard's range from two random draws: its end `end` ms after START plus `jitter` seconds
 * (anywhere, not on an hour), 4 to 19 days long.
 */
export function dashboardRange(end: number, jitter: number): { from: number; to: number } {
  const to = START + end + jitter * 1000;
  return { from: to - (4 + (jitter % 16)) * 86_400_000, to };
}

export const EVENTS_TABLE = 'CREATE TABLE events (t timestamptz, n int, amount numeric(10,2), team text, kind text)';

/** One KPI per additive form (YAML list items, indented for `kpis:`); source `events`. */
export const FORM_KPIS = `
  - { id: runs, name: Runs, source: events, window: 3d, measure: { aggregate: count }, minVolume: 5 }
  - { id: low, name: Lowest, source: events, window: 36h, measure: { aggregate: min, expression: amount } }
  - { id: high, name: Highest, source: events, window: 1w, measure: { aggregate: max, expression: n, filter: "n > 1" } }
  - { id: total, name: Total, source: events, window: 2d, measure: { aggregate: sum, expression: n } }
  - { id: mean, name: Mean, source: events, window: 3d, measure: { aggregate: avg, expression: amount } }
  - { id: latest, name: Latest, source: events, window: 2d, measure: { aggregate: last, expression: n } }
  - { id: score, name: Score, source: events, window: 5d, measure: { nps: { expression: n } } }
  - { id: runs_growth, name: Runs growth, measure: { growth: { kpi: runs } } }
  - { id: month_runs, name: Month runs, source: events, window: month, measure: { aggregate: count }, pace: {}, target: 40 }`;

/** Steps a dashboard asks a series in (rolling trends and buckets of a day and a week), and filters on `team`. */
export const SERIES_STEPS: Array<[string, 'trend' | 'buckets']> = [
  ['1d', 'trend'],
  ['6h', 'trend'],
  ['1d', 'buckets'],
  ['week', 'buckets'],
];
export const TEAM_FILTERS = [[], [{ dimension: 'team', values: ['a'] }]];

export interface EventRow {
  offset: number;
  n: number | null;
  amount: number | null;
  team: string | null;
  kind: string;
}

/** A row within `days` of START, to the second (across Berlin's DST change of 30 March). */
export function eventRow(days: number): fc.Arbitrary<EventRow> {
  return fc.record({
    offset: fc.integer({ min: 0, max: days * 86400 - 1 }),
    n: fc.option(fc.integer({ min: 0, max: 10 }), { freq: 8 }),
    amount: fc.option(fc.integer({ min: -500, max: 5000 }), { freq: 8 }),
    team: fc.constantFrom('a', 'b', null),
    kind: fc.constantFrom('x', 'y'),
  });
}

/** Replaces the rows of `events` (amounts in cents become numeric with two decimals). */
export async function loadEvents(db: TestDatabase, rows: EventRow[]): Promise<void> {
  await db.query('TRUNCATE events');
  if (rows.length === 0) {
    return;
  }
  await db.query(
    `INSERT INTO events SELECT $1::timestamptz + o * interval '1 second', n, a / 100.0, team, kind
     FROM unnest($2::int[], $3::int[], $4::int[], $5::text[], $6::text[]) u(o, n, a, team, kind)`,
    [
      new Date(START),
      rows.map((d) => d.offset),
      rows.map((d) => d.n),
      rows.map((d) => d.amount),
      rows.map((d) => d.team),
      rows.map((d) => d.kind),
    ]
  );
}

/** A series of `kpiId` over `[from, to)` (ms) with `step`, end-aligned as the data source asks. */
export function seriesRequest(
  kpiId: string,
  step: string,
  from: number,
  to: number,
  mode: 'trend' | 'buckets' = 'trend'
): SeriesRequest {
  return {
    kpiId,
    from: new Date(from),
    to: new Date(to),
    step: parseWindow(step) as WindowSpec,
    mode,
    endAligned: true,
  };
}

/**
 * Hand-written per point: `select` (a scalar subquery over `events`, in terms of the point's end
 * `e`) at each of `times` (ms), in order, as double precision.
 */
export async function valuesAtPoints(db: TestDatabase, select: string, times: number[]): Promise<unknown[]> {
  const got = await db.client.query(
    `SELECT (${select})::float8 AS v FROM unnest($1::timestamptz[]) WITH ORDINALITY u(e, i) ORDER BY i`,
    [times.map((ms) => new Date(ms))]
  );
  return got.rows.map((r) => r.v);
}

/** A KPI's value at a point written by hand: `select` over `events` in `[from, e)` where `where`. */
export interface PointByHand {
  from: string;
  select: string;
  where: string;
}

/** Hand-written per point: a KPI's `select` over its window ending at each of `times`, optionally for one team. */
export function handWrittenAtPoints(
  db: TestDatabase,
  h: PointByHand,
  times: number[],
  team?: string
): Promise<unknown[]> {
  const dimension = team === undefined ? 'true' : `team = '${team}'`;
  return valuesAtPoints(
    db,
    `SELECT ${h.select} FROM events WHERE t >= ${h.from} AND t < e AND ${h.where} AND ${dimension}`,
    times
  );
}

/**
 * The property of the one-statement series (trendPercentile, trendDistinct): on random rows, steps
 * and dashboard ranges, every point of each KPI's series (`oneStatement` of the compiled SQL)
 * equals the hand-written value over its window, and the series equals the point-by-point one.
 */
export async function seriesMatchHandWritten(
  db: TestDatabase,
  catalog: Catalog,
  hand: Record<string, PointByHand>,
  steps: Array<[string, string[]]>,
  oneStatement: (sql: string) => string,
  options: { maxRows: number; numRuns: number }
): Promise<void> {
  const rows = async (sql: string) => (await db.client.query(sql)).rows;
  await fc.assert(
    fc.asyncProperty(
      fc.array(eventRow(45), { minLength: 0, maxLength: options.maxRows, size: 'max' }),
      fc.constantFrom(...steps),
      fc.integer({ min: 5 * 86_400_000, max: 44 * 86_400_000 }),
      fc.integer({ min: 0, max: 86400 }),
      async (data, [step, ids], end, jitter) => {
        await loadEvents(db, data);
        const { from, to } = dashboardRange(end, jitter);
        for (const id of ids) {
          const r = seriesRequest(id, step, from, to);
          const got = await rows(oneStatement(compileSeries(catalog, r)));
          const want = await handWrittenAtPoints(
            db,
            hand[id],
            got.map((x) => x.time_ms)
          );
          expect({ id, step, values: got.map((x) => x.value) }).toEqual({ id, step, values: want });
          expect(got).toEqual(await rows(compileSeriesPointByPoint(catalog, r)));
        }
      }
    ),
    { numRuns: options.numRuns }
  );
}
