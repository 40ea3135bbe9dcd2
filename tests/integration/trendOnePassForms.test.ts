/** @jest-environment node */
/**
 * One-pass series (core/compiler/trendOnePass.ts, trendGrid.ts) for every form they cover: on
 * random rows (fast-check), every column of every point equals the point-by-point statement
 * (one subquery per point, the semantics' reference form), and the hand-written tests below pin
 * a few forms to SQL written here: the latest row per step, a month-to-date trend with a daily
 * step, a growth trend, the volume of a minimum-volume KPI and monthly buckets.
 */
import fc from 'fast-check';
import { parseWindow } from '../../src/core/catalog/duration';
import type { WindowSpec } from '../../src/core/catalog/model';
import { compileSeries, compileSeriesPointByPoint, SeriesRequest } from '../../src/core/compiler/seriesQuery';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, DAY } from '../support/fixtures';
import { dashboardRange, eventRow, EVENTS_TABLE, FORM_KPIS, loadEvents, START } from '../support/trendFixture';

const CATALOG = catalogOf(`
apiVersion: openkpi/v1
name: one-pass-forms
timezone: Europe/Berlin
sources:
  events: { table: events, time: t, dimensions: [team] }
kpis:${FORM_KPIS}
  - { id: runs_a, name: Team a runs, source: events, window: 2d, filter: "team = 'a'", measure: { aggregate: count, expression: n } }
  - id: share_ok
    name: Share ok
    source: events
    window: 4d
    minVolume: 3
    measure: { ratio: { numerator: { aggregate: count, filter: "n >= 3" }, denominator: { aggregate: count, filter: "n > 0" } }, scale: 100 }
  - { id: per_run, name: Per run, window: 3d, measure: { formula: "total / runs + 2 * low" } }
  - { id: week_total, name: Week total, source: events, window: week, measure: { aggregate: sum, expression: n } }
  - { id: day_latest, name: Day latest, source: events, window: day, measure: { aggregate: last, expression: amount } }
`);

/** Calendar KPIs with a rolling step; every KPI with buckets; month KPIs with a month step. */
const STEPS: Array<[string, 'trend' | 'buckets']> = [
  ['1d', 'trend'],
  ['6h', 'trend'],
  ['2d', 'trend'],
  ['1d', 'buckets'],
  ['week', 'buckets'],
  ['month', 'trend'],
];

describe('one-pass series equal the point-by-point series', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query(EVENTS_TABLE);
  });
  afterAll(() => db.drop());

  const rows = async (sql: string) => (await db.client.query(sql)).rows;

  const request = (kpiId: string, step: string, mode: 'trend' | 'buckets', from: number, to: number, judging = false) =>
    ({
      kpiId,
      from: new Date(from),
      to: new Date(to),
      step: parseWindow(step) as WindowSpec,
      mode,
      judging,
      endAligned: true,
    }) satisfies SeriesRequest;

  it('for every KPI form, step and mode on random rows', async () => {
    const kpis = CATALOG.kpis.map((k) => k.id);
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventRow(45), { minLength: 0, maxLength: 150, size: 'max' }),
        fc.constantFrom(...STEPS),
        fc.integer({ min: 5 * DAY, max: 44 * DAY }),
        fc.integer({ min: 0, max: 86400 }),
        async (data, [step, mode], end, jitter) => {
          await loadEvents(db, data);
          const { from, to } = dashboardRange(end, jitter);
          for (const id of kpis) {
            const r = request(id, step, mode, from, to, true);
            const one = compileSeries(CATALOG, r);
            const reference = await rows(compileSeriesPointByPoint(CATALOG, r));
            expect({ id, step, mode, rows: await rows(one) }).toEqual({ id, step, mode, rows: reference });
          }
        }
      ),
      { numRuns: 12 }
    );
  }, 120_000);

  it('takes the one pass for the forms it covers, point by point for the others', () => {
    const onePass = (id: string, step: string, mode: 'trend' | 'buckets') =>
      compileSeries(CATALOG, request(id, step, mode, START, START + 10 * DAY, true)).includes('slices AS');
    for (const id of CATALOG.kpis.map((k) => k.id)) {
      expect([id, onePass(id, '1d', 'trend')]).toEqual([id, true]);
      // Growth buckets too: cut at each bucket and the bucket it compares with.
      expect([id, onePass(id, '1d', 'buckets')]).toEqual([id, true]);
    }
    // A month step: the month KPIs in one GROUP BY, other windows cut at each point's bounds.
    expect(onePass('month_runs', 'month', 'trend')).toBe(true);
    expect(onePass('runs', 'month', 'trend')).toBe(true);
    expect(onePass('week_total', 'month', 'trend')).toBe(true);
  });
});

/** Growth over calendar windows and a year earlier (`compare: year`), with rows a year before START too. */
const GROWTH = catalogOf(`
apiVersion: openkpi/v1
name: one-pass-growth
timezone: Europe/Berlin
sources:
  events: { table: events, time: t, dimensions: [team] }
kpis:
  - { id: month_total, name: Month total, source: events, window: month, measure: { aggregate: sum, expression: n } }
  - { id: month_growth, name: Month growth, measure: { growth: { kpi: month_total } } }
  - { id: yoy_runs, name: Runs, source: events, window: 3d, compare: year, measure: { aggregate: count }, minVolume: 2 }
  - { id: yoy_growth, name: Runs YoY, measure: { growth: { kpi: yoy_runs } } }
  - { id: week_mean, name: Week mean, source: events, window: week, compare: year, measure: { aggregate: avg, expression: amount } }
  - { id: week_mean_yoy, name: Week mean YoY, measure: { growth: { kpi: week_mean } } }
  - { id: latest_yoy_base, name: Latest, source: events, window: 2d, compare: year, measure: { aggregate: last, expression: n } }
  - { id: latest_yoy, name: Latest YoY, measure: { growth: { kpi: latest_yoy_base } } }
`);

const GROWTH_STEPS: Array<[string, 'trend' | 'buckets']> = [
  ['1d', 'trend'],
  ['7h', 'trend'],
  ['week', 'trend'],
  ['month', 'trend'],
  ['1d', 'buckets'],
  ['week', 'buckets'],
  ['month', 'buckets'],
];

describe('one-pass growth (calendar windows, compare: year, buckets) equals the point-by-point series', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query(EVENTS_TABLE);
  });
  afterAll(() => db.drop());

  const rows = async (sql: string) => (await db.client.query(sql)).rows;

  it('for every growth KPI, step and mode on random rows this year and a year earlier', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventRow(45), { minLength: 0, maxLength: 120, size: 'max' }),
        fc.array(eventRow(45), { minLength: 0, maxLength: 120, size: 'max' }),
        fc.constantFrom(...GROWTH_STEPS),
        fc.integer({ min: 5 * DAY, max: 44 * DAY }),
        fc.integer({ min: 0, max: 86400 }),
        async (now, yearBefore, [step, mode], end, jitter) => {
          await loadEvents(db, yearBefore);
          // The earlier rows move back a year of wall time (across Berlin's DST change of 31 March 2024).
          await db.query(
            `UPDATE events SET t = ((t AT TIME ZONE 'Europe/Berlin') - interval '1 year') AT TIME ZONE 'Europe/Berlin'`
          );
          await db.query('CREATE TEMP TABLE earlier AS SELECT * FROM events');
          await loadEvents(db, now);
          await db.query('INSERT INTO events SELECT * FROM earlier; DROP TABLE earlier');
          const { from, to } = dashboardRange(end, jitter);
          for (const kpiId of GROWTH.kpis.map((k) => k.id)) {
            const r = {
              kpiId,
              from: new Date(from),
              to: new Date(to),
              step: parseWindow(step) as WindowSpec,
              mode,
              judging: true,
              endAligned: true,
            };
            const one = compileSeries(GROWTH, r);
            expect(one).toContain('slices AS');
            const reference = await rows(compileSeriesPointByPoint(GROWTH, r));
            expect({ kpiId, step, mode, rows: await rows(one) }).toEqual({ kpiId, step, mode, rows: reference });
          }
        }
      ),
      { numRuns: 10 }
    );
  }, 180_000);

  it('year-on-year growth of a 3-day count, against hand-written SQL', async () => {
    await db.query('TRUNCATE events');
    await db.query(`INSERT INTO events (t, n, team)
      SELECT '2024-03-01T00:00:00Z'::timestamptz + (g * 7919 % 3024000) * interval '1 second', g % 9, 'a' FROM generate_series(1, 400) g
      UNION ALL
      SELECT '2025-03-01T00:00:00Z'::timestamptz + (g * 6151 % 3024000) * interval '1 second', g % 9, 'b' FROM generate_series(1, 700) g`);
    const to = Date.parse('2025-04-03T13:17:00Z');
    const sql = compileSeries(GROWTH, {
      kpiId: 'yoy_growth',
      from: new Date(to - 12 * DAY),
      to: new Date(to),
      step: parseWindow('1d') as WindowSpec,
      mode: 'trend',
      endAligned: true,
    });
    expect(sql).toContain('slices AS');
    const got = (await db.client.query(sql)).rows.map((r) => r.value);
    const ago = (x: string) =>
      `((((${x}) AT TIME ZONE 'Europe/Berlin') - interval '1 year') AT TIME ZONE 'Europe/Berlin')`;
    const count = (lo: string, hi: string) => `(SELECT count(*) FROM events WHERE t >= ${lo} AND t < ${hi})::float8`;
    const [cur, prev] = [count("e - interval '72 hours'", 'e'), count(ago("e - interval '72 hours'"), ago('e'))];
    const want = (
      await db.client.query(
        `SELECT 100 * (${cur} - ${prev}) / NULLIF(abs(${prev}), 0) AS v
         FROM generate_series($1::timestamptz - interval '11 days', $1::timestamptz, interval '1 day') e ORDER BY e`,
        [new Date(to)]
      )
    ).rows.map((r) => r.v);
    expect(got).toEqual(want);
    expect(got.filter((v) => v !== null && v !== 0).length).toBeGreaterThan(5);
  });

  it('monthly buckets of a month growth: each local month against the month before, against hand-written SQL', async () => {
    const to = Date.parse('2025-04-03T13:17:00Z');
    const sql = compileSeries(GROWTH, {
      kpiId: 'month_growth',
      from: new Date(to - 40 * DAY),
      to: new Date(to),
      step: parseWindow('month') as WindowSpec,
      mode: 'buckets',
    });
    expect(sql).toContain('slices AS');
    const got = (await db.client.query(sql)).rows.map((r) => r.value);
    const z = (x: string) => `(${x}) AT TIME ZONE 'Europe/Berlin'`;
    const sum = (lo: string, hi: string) =>
      `(SELECT coalesce(sum(n), 0) FROM events WHERE t >= ${z(lo)} AND t < ${z(hi)})::float8`;
    const [cur, prev] = [sum('m', "m + interval '1 month'"), sum("m - interval '1 month'", 'm')];
    const want = (
      await db.client.query(
        `SELECT 100 * (${cur} - ${prev}) / NULLIF(abs(${prev}), 0) AS v
         FROM generate_series(date_trunc('month', ($1::timestamptz - interval '40 days') AT TIME ZONE 'Europe/Berlin'), $1::timestamptz AT TIME ZONE 'Europe/Berlin', interval '1 month') m
         WHERE ${z('m')} < $1::timestamptz ORDER BY m`,
        [new Date(to)]
      )
    ).rows.map((r) => r.v);
    expect(got).toEqual(want);
    expect(got.length).toBe(3);
  });
});

describe('one-pass series against hand-written SQL', () => {
  let db: TestDatabase;
  const TO = Date.parse('2025-04-03T13:17:00Z');
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query(EVENTS_TABLE);
    await db.query(`INSERT INTO events (t, n, amount, team)
      SELECT '2025-03-01T00:00:00Z'::timestamptz + (g * 7919 % 2937600) * interval '1 second',
        CASE WHEN g % 11 = 0 THEN NULL ELSE g % 9 END, (g * 37 % 1000) / 8.0, CASE WHEN g % 3 = 0 THEN 'a' ELSE 'b' END
      FROM generate_series(1, 600) g`);
  });
  afterAll(() => db.drop());

  const values = async (id: string, step: string, mode: 'trend' | 'buckets', judging = false) => {
    const sql = compileSeries(CATALOG, {
      kpiId: id,
      from: new Date(TO - 12 * DAY),
      to: new Date(TO),
      step: parseWindow(step) as WindowSpec,
      mode,
      judging,
      endAligned: true,
    });
    expect(sql).toContain('slices AS');
    return (await db.client.query(sql)).rows;
  };

  /** Hand-written: an expression of `e` at each daily point e ending at TO. */
  const perPoint = async (expression: string) =>
    (
      await db.client.query(
        `SELECT ${expression} AS v
         FROM generate_series($1::timestamptz - interval '11 days', $1::timestamptz, interval '1 day') e ORDER BY e`,
        [new Date(TO)]
      )
    ).rows.map((r) => (r.v === null ? null : Number(r.v)));
  /** Hand-written: `select` over the rows of `[from(e), e)` at each point. */
  const handWritten = (select: string, from: string) =>
    perPoint(`(SELECT ${select} FROM events WHERE t >= ${from} AND t < e)`);

  it('last: the value of the latest row in each 2-day window', async () => {
    const got = (await values('latest', '1d', 'trend')).map((r) => r.value);
    expect(got).toEqual(
      await perPoint(
        `(SELECT n FROM events x WHERE x.t >= e - interval '48 hours' AND x.t < e ORDER BY x.t DESC, x.n DESC NULLS LAST LIMIT 1)::float8`
      )
    );
    expect(got.filter((v) => v !== null).length).toBeGreaterThan(5);
  });

  it('a month window with a daily step: month to date at each point, in the catalog zone', async () => {
    const got = await values('month_runs', '1d', 'trend', true);
    const month = `(date_trunc('month', (e - interval '1 microsecond') AT TIME ZONE 'Europe/Berlin') AT TIME ZONE 'Europe/Berlin')`;
    expect(got.map((r) => r.value)).toEqual(await handWritten('count(*)::float8', month));
    // The point crossing into April starts again from the April rows.
    expect(got.map((r) => r.value).some((v, i, all) => i > 0 && v < all[i - 1])).toBe(true);
    // Pace: the expected-to-date line and the projection, from the share of the month elapsed.
    const share = (
      await db.client.query(
        `SELECT extract(epoch FROM e - m) / extract(epoch FROM (m AT TIME ZONE 'Europe/Berlin' + interval '1 month') AT TIME ZONE 'Europe/Berlin' - m) AS s
         FROM (SELECT e, ${month} AS m FROM generate_series($1::timestamptz - interval '11 days', $1::timestamptz, interval '1 day') e) x ORDER BY e`,
        [new Date(TO)]
      )
    ).rows.map((r) => Number(r.s));
    got.forEach((r, i) => {
      expect(r.expected_to_date).toBeCloseTo(40 * share[i], 9);
      expect(r.projected).toBeCloseTo(r.value / share[i], 9);
    });
  });

  it('growth: the 3-day count against the 3 days before, per point', async () => {
    const count = (from: string, to: string) =>
      `(SELECT count(*) FROM events x WHERE x.t >= ${from} AND x.t < ${to})::float8`;
    const [cur, prev] = [
      count("e - interval '72 hours'", 'e'),
      count("e - interval '144 hours'", "e - interval '72 hours'"),
    ];
    const got = (await values('runs_growth', '1d', 'trend')).map((r) => r.value);
    expect(got).toEqual(await perPoint(`100 * (${cur} - ${prev}) / NULLIF(abs(${prev}), 0)`));
  });

  it('volume of a minimum-volume ratio: rows passing the denominator filter, per point', async () => {
    const got = await values('share_ok', '1d', 'trend', true);
    expect(got.map((r) => r.volume)).toEqual(
      await handWritten(`count(*) FILTER (WHERE n > 0)::float8`, "e - interval '96 hours'")
    );
    expect(got.map((r) => r.value)).toEqual(
      await handWritten(
        `100 * count(*) FILTER (WHERE n >= 3)::float8 / NULLIF(count(*) FILTER (WHERE n > 0)::float8, 0)`,
        "e - interval '96 hours'"
      )
    );
  });

  it('weekly buckets: one GROUP BY of local weeks (Monday first, Europe/Berlin)', async () => {
    const got = await values('total', 'week', 'buckets');
    const want = (
      await db.client.query(
        `SELECT (extract(epoch FROM w AT TIME ZONE 'Europe/Berlin') * 1000)::float8 AS time_ms,
           (SELECT coalesce(sum(n), 0)::float8 FROM events WHERE t >= w AT TIME ZONE 'Europe/Berlin' AND t < (w + interval '1 week') AT TIME ZONE 'Europe/Berlin') AS value
         FROM generate_series(date_trunc('week', ($1::timestamptz - interval '12 days') AT TIME ZONE 'Europe/Berlin'), $1::timestamptz AT TIME ZONE 'Europe/Berlin', interval '1 week') w
         WHERE w AT TIME ZONE 'Europe/Berlin' < $1::timestamptz ORDER BY w`,
        [new Date(TO)]
      )
    ).rows;
    expect(got.map((r) => ({ time_ms: r.time_ms, value: r.value }))).toEqual(want);
  });
});
