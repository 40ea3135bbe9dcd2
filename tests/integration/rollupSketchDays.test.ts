/** @jest-environment node */
/**
 * The rollup's daily sketch tier in real PostgreSQL (in a session time zone 5:30 off UTC): one day
 * row per whole closed UTC day, set, value and sketch, equal to the merge of that day's hourly
 * rows (hand SQL); over windows with ragged edges that span whole days, the value read from the
 * rollup equals the same estimator over the raw rows' sketch of the whole window (merging is
 * exact), is within the stated bounds of the exact raw aggregate, and does not need the hourly
 * rows of those days; rows that arrive late in a closed day are in its day row after the next run;
 * a rollup without its day table is not read, and rebuilt.
 */
import { parseCatalog } from '../../src/core/catalog/parse';
import type { Catalog, Kpi } from '../../src/core/catalog/model';
import { SqlRunner } from '../../src/core/evaluation/runner';
import { rollupPlans, sketchRowsSql } from '../../src/core/rollup/plan';
import { measurePlan, isSketch, SketchDef } from '../../src/core/rollup/partials';
import { ddQuantileSql, hllEstimateSql } from '../../src/core/rollup/sketches';
import { rollupValueSql } from '../../src/core/rollup/read';
import { availableRollups } from '../../src/core/rollup/probe';
import { sourceOf } from '../../src/core/compiler/sources';
import { createTestDatabase, TestDatabase } from '../support/db';
import { refreshRollups } from '../support/fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DAYS = 9;
/** Rows may be two days late: a run aggregates again two days of hours, whole days among them. */
const LATE = 2 * 86400;

const CATALOG = `
apiVersion: openkpi/v1
name: sketch-days
approximate: true
sources:
  events: { table: sd.events, time: at, dimensions: [team] }
kpis:
  - { id: p95, name: p95, source: events, window: 1d, measure: { aggregate: p95, expression: latency } }
  - { id: p50, name: p50, source: events, window: 1d, measure: { aggregate: p50, expression: delta } }
  - { id: p90_ok, name: p90 ok, source: events, window: 1d, filter: "ok", measure: { aggregate: p90, expression: latency } }
  - { id: users, name: Users, source: events, window: 1d, measure: { aggregate: count_distinct, expression: user_id } }
`;

/** Hand-written exact aggregates over `{W}`: the value and the magnitude its error is relative to. */
const percentile = (f: number, e: string, where = '') => `WITH x AS (SELECT ${e} AS x FROM sd.events WHERE ${where}{W}),
  o AS (SELECT x, row_number() OVER (ORDER BY x) - 1 AS i, count(*) OVER () - 1 AS last FROM x)
  SELECT (SELECT percentile_cont(${f}) WITHIN GROUP (ORDER BY x) FROM x) AS v,
    (SELECT CASE WHEN min(x) * max(x) >= 0 THEN abs((SELECT percentile_cont(${f}) WITHIN GROUP (ORDER BY x) FROM x)) ELSE max(abs(x)) END
     FROM o WHERE i IN (floor(${f} * last), ceil(${f} * last))) AS m`;
const RAW: Record<string, { sql: string; bound: number; fraction?: number }> = {
  p95: { sql: percentile(0.95, 'latency'), bound: 0.01, fraction: 0.95 },
  p50: { sql: percentile(0.5, 'delta'), bound: 0.01, fraction: 0.5 },
  p90_ok: { sql: percentile(0.9, 'latency', 'ok AND '), bound: 0.01, fraction: 0.9 },
  users: {
    sql: 'SELECT count(DISTINCT user_id)::float8 AS v, count(DISTINCT user_id)::float8 AS m FROM sd.events WHERE {W}',
    bound: 0.02,
  },
};

let db: TestDatabase;
let runner: SqlRunner;
let catalog: Catalog;
let now: number;

const at = (ms: number) => `'${new Date(ms).toISOString()}'::timestamptz`;
const kpiOf = (id: string): Kpi => catalog.kpis.find((k) => k.id === id)!;
const teamFilter = (team?: string) => (team === undefined ? [] : [{ dimension: 'team', values: [team] }]);

async function exact(id: string, from: number, to: number, team?: string): Promise<{ v: number | null; m: number }> {
  const w = `at >= $1 AND at < $2${team === undefined ? '' : ' AND team = $3'}`;
  const params: unknown[] = [new Date(from), new Date(to), ...(team === undefined ? [] : [team])];
  const [row] = await db.query<{ v: number | null; m: number | null }>(RAW[id].sql.replace('{W}', w), params);
  return { v: row?.v ?? null, m: row?.m ?? 0 };
}

async function rolled(id: string, from: number, to: number, team?: string): Promise<number | null> {
  const read = rollupValueSql(catalog, kpiOf(id), { from: at(from), to: at(to) }, teamFilter(team));
  expect(read?.approximate).toBe(true);
  const [row] = await db.query<{ v: number | null }>(`SELECT ${read!.sql} AS v`);
  return row.v;
}

/**
 * The estimator applied to the sketch of the raw rows of the whole window (no rollup read), or of
 * the window without the rows of `hole` (`[lo, hi)`).
 */
async function rawSketch(
  id: string,
  from: number,
  to: number,
  team?: string,
  hole?: [number, number]
): Promise<number | null> {
  const kpi = kpiOf(id);
  const source = sourceOf(catalog, kpi);
  const def = measurePlan(catalog, kpi, source)!.partials.find(isSketch) as SketchDef;
  const where = [
    `s.at >= ${at(from)}`,
    `s.at < ${at(to)}`,
    ...(team === undefined ? [] : [`s.team = '${team}'`]),
    ...(hole === undefined ? [] : [`(s.at < ${at(hole[0])} OR s.at >= ${at(hole[1])})`]),
  ];
  const rows = sketchRowsSql(source, def, where, false);
  const fraction = RAW[id].fraction;
  const sql = fraction === undefined ? hllEstimateSql(rows) : ddQuantileSql(rows, fraction);
  const [row] = await db.query<{ v: number | null }>(`SELECT ${sql} AS v`);
  return row.v;
}

const closedMs = async () =>
  Number(
    (
      await db.query<{ ms: string }>(
        `SELECT (extract(epoch FROM closed_before) * 1000)::bigint AS ms FROM openkpi.rollup_state`
      )
    )[0].ms
  );

const same = (a: number | null, b: number | null) =>
  a === b || (a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)));

beforeAll(async () => {
  db = await createTestDatabase();
  // Day starts are UTC whatever the session's zone: one 5:30 off UTC would shift local midnights.
  await db.query(`SET TIME ZONE 'Asia/Kolkata'`);
  runner = { query: async (sql) => (await db.client.query(sql)).rows };
  catalog = parseCatalog(CATALOG, 'days.yaml').catalog!;
  const [{ ms }] = await db.query<{ ms: string }>(`SELECT (extract(epoch FROM now()) * 1000)::bigint AS ms`);
  now = Number(ms);
  await db.query('CREATE SCHEMA sd');
  await db.query(
    'CREATE TABLE sd.events (at timestamptz, team text, ok boolean, latency double precision, delta double precision, user_id int)'
  );
  await db.query('SELECT setseed(0.17)');
  await db.query(`INSERT INTO sd.events
    SELECT to_timestamp(${now / 1000}) - random() * interval '${DAYS} days',
      (ARRAY['a', 'b', NULL])[1 + floor(random() * 3)::int], random() < 0.7,
      exp(random() * 11.5) / 100,
      CASE WHEN random() < 0.1 THEN 0 ELSE (random() - 0.4) * exp(random() * 6) END,
      floor(random() * 50000)::int
    FROM generate_series(1, 40000)`);
  await refreshRollups(catalog, runner, LATE);
});

afterAll(async () => {
  await db?.drop();
});

describe('the daily sketch tier', () => {
  it('keeps one day row per whole closed UTC day, set, value and sketch: the merge of its hourly rows', async () => {
    const [plan] = rollupPlans(catalog);
    expect((await availableRollups(catalog, runner)).map((p) => p.dayTable[1])).toEqual([plan.dayTable[1]]);
    expect(plan.dayTable[1].length).toBeLessThanOrEqual(63);
    const [hourly, days] = [plan.sketchTable.join('.'), plan.dayTable.join('.')];
    const closed = await closedMs();
    // The days whose 24 hours are all closed, that have hourly rows; by hand: UTC dates.
    const [shape] = await db.query<{ rows: string; keys: string; expected: string; late: string; off: string }>(
      `SELECT (SELECT count(*) FROM ${days}) AS rows,
        (SELECT count(DISTINCT (day, grp, team, partial)) FROM ${days}) AS keys,
        (SELECT count(*) FROM (SELECT DISTINCT date_trunc('day', hour, 'UTC'), grp, team, partial FROM ${hourly}
           WHERE date_trunc('day', hour, 'UTC') + interval '1 day' <= $1) h) AS expected,
        (SELECT count(*) FROM ${days} WHERE day + interval '1 day' > $1) AS late,
        (SELECT count(*) FROM ${days} WHERE day <> date_trunc('day', day, 'UTC')) AS off`,
      [new Date(closed)]
    );
    expect(Number(shape.rows)).toBeGreaterThan(4 * DAYS);
    expect(shape.keys).toBe(shape.rows);
    expect(shape.expected).toBe(shape.rows);
    expect(shape.late).toBe('0');
    expect(shape.off).toBe('0');
    // Histograms: counts summed per key; HyperLogLog: the largest rank per register.
    const [diff] = await db.query<{ dd: string; hll: string }>(
      `WITH hd AS (SELECT date_trunc('day', hour, 'UTC') AS day, grp, team, partial, u.k, sum(u.n) AS n
          FROM ${hourly}, unnest(k, n) u(k, n) WHERE date_trunc('day', hour, 'UTC') + interval '1 day' <= $1 GROUP BY 1, 2, 3, 4, 5),
        dd AS (SELECT day, grp, team, partial, u.k, u.n FROM ${days}, unnest(k, n) u(k, n)),
        hh AS (SELECT date_trunc('day', hour, 'UTC') AS day, grp, team, partial, u.x / 64 AS r, max(u.x % 64) AS rank
          FROM ${hourly}, unnest(regs) u(x) WHERE date_trunc('day', hour, 'UTC') + interval '1 day' <= $1 GROUP BY 1, 2, 3, 4, 5),
        dh AS (SELECT day, grp, team, partial, u.x / 64 AS r, u.x % 64 AS rank FROM ${days}, unnest(regs) u(x))
      SELECT (SELECT count(*) FROM ((SELECT * FROM hd EXCEPT ALL SELECT * FROM dd) UNION ALL (SELECT * FROM dd EXCEPT ALL SELECT * FROM hd)) x) AS dd,
        (SELECT count(*) FROM ((SELECT * FROM hh EXCEPT ALL SELECT * FROM dh) UNION ALL (SELECT * FROM dh EXCEPT ALL SELECT * FROM hh)) x) AS hll`,
      [new Date(closed)]
    );
    expect(diff).toEqual({ dd: '0', hll: '0' });
    const [sizes] = await db.query<{ dd: string; hll: string }>(
      `SELECT (SELECT count(*) FROM ${days}, unnest(k) WHERE k IS NOT NULL) AS dd, (SELECT count(*) FROM ${days}, unnest(regs)) AS hll`
    );
    expect(Number(sizes.dd)).toBeGreaterThan(1000);
    expect(Number(sizes.hll)).toBeGreaterThan(1000);
  });

  it('reads whole days from day rows: the estimate of the raw rows’ sketch, within the stated bounds of the exact value', async () => {
    const [plan] = rollupPlans(catalog);
    const closed = await closedMs();
    let seed = 11;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const misses: string[] = [];
    let wholeDays = 0;
    for (let i = 0; i < 8; i++) {
      // Ragged edges (minutes off the hour), at least one whole UTC day inside, some past the boundary.
      const from = now - DAYS * DAY + Math.floor(rnd() * 3 * DAY) + 60_000 * (1 + Math.floor(rnd() * 58));
      const to = Math.min(now, from + DAY + Math.floor(rnd() * 5 * DAY) + 60_000 * (1 + Math.floor(rnd() * 58)));
      wholeDays += Math.max(0, Math.floor(Math.min(to, closed) / DAY) - Math.ceil(from / DAY));
      const team = i % 2 === 0 ? undefined : ['a', 'b'][i % 4 === 1 ? 0 : 1];
      for (const [id, { bound }] of Object.entries(RAW)) {
        const [value, sketch, truth] = [
          await rolled(id, from, to, team),
          await rawSketch(id, from, to, team),
          await exact(id, from, to, team),
        ];
        const w = `${id} ${team ?? ''} [${new Date(from).toISOString()}, ${new Date(to).toISOString()})`;
        if (!same(value, sketch)) {
          misses.push(`${w}: ${value} read, ${sketch} from the raw sketch`);
        }
        if (value === null || truth.v === null || !(Math.abs(value - truth.v) <= bound * truth.m)) {
          misses.push(`${w}: ${value} read, exact ${truth.v}`);
        }
      }
    }
    expect(misses).toEqual([]);
    expect(wholeDays).toBeGreaterThanOrEqual(8);

    // The hourly rows of the whole days are not read: without them the values stay the same.
    const from = Math.ceil((now - DAYS * DAY) / DAY) * DAY - 3 * HOUR - 17 * 60_000;
    const to = Math.floor(closed / DAY) * DAY + 2 * HOUR + 5 * 60_000;
    const days: [number, number] = [from + 3 * HOUR + 17 * 60_000, to - 2 * HOUR - 5 * 60_000];
    const before: Array<number | null> = [];
    for (const id of Object.keys(RAW)) {
      before.push(await rolled(id, from, to));
      expect(same(before[before.length - 1], await rawSketch(id, from, to))).toBe(true);
    }
    await db.query('BEGIN');
    try {
      const [gone] = await db.query<{ n: string }>(
        `WITH d AS (DELETE FROM ${plan.sketchTable.join('.')} WHERE hour >= $1 AND hour < $2 RETURNING 1) SELECT count(*) AS n FROM d`,
        days.map((ms) => new Date(ms))
      );
      expect(Number(gone.n)).toBeGreaterThan(100);
      const without: Array<number | null> = [];
      for (const id of Object.keys(RAW)) {
        without.push(await rolled(id, from, to));
      }
      expect(without.map((v, i) => same(v, before[i]))).toEqual(before.map(() => true));
      // …and the day rows are: without them, what is left is the sketch of the edges alone.
      await db.query(`DELETE FROM ${plan.dayTable.join('.')}`);
      const neither: boolean[] = [];
      for (const id of Object.keys(RAW)) {
        neither.push(same(await rolled(id, from, to), await rawSketch(id, from, to, undefined, days)));
      }
      expect(neither).toEqual(before.map(() => true));
    } finally {
      await db.query('ROLLBACK');
    }
  });

  it('rebuilds the day rows of closed days that late rows arrive in', async () => {
    const [plan] = rollupPlans(catalog);
    const closed = await closedMs();
    // A whole closed day inside the late window: the next run aggregates its hours again.
    const day = Math.floor(closed / DAY) * DAY - DAY;
    expect(day).toBeGreaterThanOrEqual(closed - LATE * 1000);
    const [from, to] = [day - 5 * HOUR - 11 * 60_000, day + DAY + 4 * HOUR + 23 * 60_000];
    const [rows] = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${plan.dayTable.join('.')} WHERE day = $1`,
      [new Date(day)]
    );
    expect(Number(rows.n)).toBeGreaterThan(0);
    const ids = Object.keys(RAW);
    const values = async () => {
      const out: Array<number | null> = [];
      for (const id of ids) {
        out.push(await rolled(id, from, to));
      }
      return out;
    };
    const before = await values();
    // 2,000 late rows in that day: new users, slow, all ok.
    await db.query(`INSERT INTO sd.events
      SELECT to_timestamp(${day / 1000}) + random() * interval '1 day', 'a', true, 5000 + random() * 1000, 100 + random(), 1000000 + g
      FROM generate_series(1, 2000) g`);
    // Not yet refreshed: the rollup does not see them (its day row is read).
    expect(await values()).toEqual(before);
    const [result] = await refreshRollups(catalog, runner, LATE);
    expect(result.status).toBe('refreshed');
    expect(Date.parse(result.from!)).toBeLessThanOrEqual(day);
    const misses: string[] = [];
    for (const [i, id] of ids.entries()) {
      const [value, sketch, truth] = [
        await rolled(id, from, to),
        await rawSketch(id, from, to),
        await exact(id, from, to),
      ];
      if (!same(value, sketch) || value === null || !(Math.abs(value - truth.v!) <= RAW[id].bound * truth.m)) {
        misses.push(`${id}: ${value} read, ${sketch} from the raw sketch, exact ${truth.v}`);
      }
      if (value === before[i]) {
        misses.push(`${id}: still ${value}`);
      }
    }
    expect(misses).toEqual([]);
  });

  it('is not read without its day table, and rebuilt with it on the next run', async () => {
    const [plan] = rollupPlans(catalog);
    await db.query(`DROP TABLE ${plan.dayTable.join('.')}`);
    expect(await availableRollups(catalog, runner)).toEqual([]);
    const [result] = await refreshRollups(catalog, runner, LATE);
    expect(result.status).toBe('rebuilt');
    expect((await availableRollups(catalog, runner)).map((p) => p.dayTable[1])).toEqual([plan.dayTable[1]]);
    const [rows] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${plan.dayTable.join('.')}`);
    expect(Number(rows.n)).toBeGreaterThan(4 * DAYS);
  });
});
