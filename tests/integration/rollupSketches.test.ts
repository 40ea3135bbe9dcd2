/** @jest-environment node */
/**
 * The rollup's sketches (approximate: true) against raw SQL on seeded random data in real
 * PostgreSQL: one sketch row per hour, set, value and partial; percentiles within 1 % and distinct
 * counts within 2 % of the hand-written raw aggregates over random windows, with and without a
 * dimension filter, for values of both signs, zeros and a high-cardinality distinct column; and a
 * rollup of the previous shape (a row per bucket or register) is never read, then rebuilt.
 */
import { parseCatalog } from '../../src/core/catalog/parse';
import type { Catalog } from '../../src/core/catalog/model';
import { SqlRunner } from '../../src/core/evaluation/runner';
import { rollupPlans } from '../../src/core/rollup/plan';
import { rollupValueSql } from '../../src/core/rollup/read';
import { availableRollups } from '../../src/core/rollup/probe';
import { evaluateKpis } from '../../src/core/evaluation/evaluate';
import { instant } from '../../src/core/compiler/anchor';
import { createTestDatabase, TestDatabase } from '../support/db';
import { refreshRollups } from '../support/fixtures';

const HOUR = 3_600_000;
const DAYS = 10;

const CATALOG = `
apiVersion: openkpi/v1
name: sketch-test
approximate: true
sources:
  events: { table: sk.events, time: at, dimensions: [team] }
kpis:
  - { id: p99, name: p99, source: events, window: 1d, measure: { aggregate: p99, expression: latency } }
  - { id: p50, name: p50, source: events, window: 1d, measure: { aggregate: p50, expression: delta } }
  - { id: p90_ok, name: p90 ok, source: events, window: 1d, filter: "ok", measure: { aggregate: p90, expression: latency } }
  - { id: users, name: Users, source: events, window: 1d, measure: { aggregate: count_distinct, expression: user_id } }
  - { id: sessions, name: Sessions, source: events, window: 1d, measure: { aggregate: count_distinct, expression: session } }
`;

/**
 * Hand-written raw SQL per KPI over `[$1, $2)`, with an optional team as $3: the value `v` and the
 * magnitude `m` its error is relative to: the value itself, except for a percentile that
 * percentile_cont interpolates between order statistics of opposite signs, whose error is relative
 * to the larger of their magnitudes (docs/rollups.md; the result may be near 0).
 */
const percentile = (f: number, e: string, where = '') => `WITH x AS (SELECT ${e} AS x FROM sk.events WHERE ${where}{W}),
  o AS (SELECT x, row_number() OVER (ORDER BY x) - 1 AS i, count(*) OVER () - 1 AS last FROM x)
  SELECT (SELECT percentile_cont(${f}) WITHIN GROUP (ORDER BY x) FROM x) AS v,
    (SELECT CASE WHEN min(x) * max(x) >= 0 THEN abs((SELECT percentile_cont(${f}) WITHIN GROUP (ORDER BY x) FROM x)) ELSE max(abs(x)) END
     FROM o WHERE i IN (floor(${f} * last), ceil(${f} * last))) AS m`;
const distinct = (e: string) =>
  `SELECT count(DISTINCT ${e})::float8 AS v, count(DISTINCT ${e})::float8 AS m FROM sk.events WHERE {W}`;
const RAW: Record<string, { sql: string; bound: number }> = {
  p99: { sql: percentile(0.99, 'latency'), bound: 0.01 },
  p50: { sql: percentile(0.5, 'delta'), bound: 0.01 },
  p90_ok: { sql: percentile(0.9, 'latency', 'ok AND '), bound: 0.01 },
  users: { sql: distinct('user_id'), bound: 0.02 },
  sessions: { sql: distinct('session'), bound: 0.02 },
};

let db: TestDatabase;
let runner: SqlRunner;
let catalog: Catalog;
let now: number;

const at = (ms: number) => `'${new Date(ms).toISOString()}'::timestamptz`;

async function raw(id: string, from: number, to: number, team?: string): Promise<{ v: number | null; m: number }> {
  const w = `at >= $1 AND at < $2${team === undefined ? '' : ' AND team = $3'}`;
  const params: unknown[] = [new Date(from), new Date(to), ...(team === undefined ? [] : [team])];
  const [row] = await db.query<{ v: number | null; m: number | null }>(RAW[id].sql.replace('{W}', w), params);
  return { v: row?.v ?? null, m: row?.m ?? 0 };
}

async function rolled(id: string, from: number, to: number, team?: string): Promise<number | null> {
  const kpi = catalog.kpis.find((k) => k.id === id)!;
  const filters = team === undefined ? [] : [{ dimension: 'team', values: [team] }];
  const read = rollupValueSql(catalog, kpi, { from: at(from), to: at(to) }, filters);
  const [row] = await db.query<{ v: number | null }>(`SELECT ${read!.sql} AS v`);
  return row.v;
}

const refresh = () => refreshRollups(catalog, runner, 3600);

beforeAll(async () => {
  db = await createTestDatabase();
  runner = { query: async (sql) => (await db.client.query(sql)).rows };
  catalog = parseCatalog(CATALOG, 'sketch.yaml').catalog!;
  const [{ ms }] = await db.query<{ ms: string }>(`SELECT (extract(epoch FROM now()) * 1000)::bigint AS ms`);
  now = Number(ms);
  await db.query('CREATE SCHEMA sk');
  await db.query(
    'CREATE TABLE sk.events (at timestamptz, team text, ok boolean, latency double precision, delta double precision, user_id int, session text)'
  );
  // Seeded: the same rows on every run. Latency spans five decades; delta has both signs and zeros;
  // user ids are nearly all distinct within an hour, sessions repeat.
  await db.query('SELECT setseed(0.42)');
  await db.query(`INSERT INTO sk.events
    SELECT to_timestamp(${now / 1000}) - random() * interval '${DAYS} days',
      (ARRAY['a', 'b', 'c', NULL])[1 + floor(random() * 4)::int], random() < 0.7,
      exp(random() * 11.5) / 100,
      CASE WHEN random() < 0.1 THEN 0 ELSE (random() - 0.4) * exp(random() * 6) END,
      floor(random() * 200000)::int, 's' || floor(random() * 3000)::int
    FROM generate_series(1, 60000)`);
  await refresh();
});

afterAll(async () => {
  await db?.drop();
});

describe('rollup sketches', () => {
  it('keeps one sketch row per hour, grouping set, dimension value and sketch', async () => {
    const [plan] = rollupPlans(catalog);
    const table = plan.sketchTable.join('.');
    const [shape] = await db.query<{ rows: string; keys: string }>(
      `SELECT count(*) AS rows, count(DISTINCT (hour, grp, team, partial)) AS keys FROM ${table}`
    );
    expect(shape.rows).toBe(shape.keys);
    // Per sketch: the closed hours with a value, once overall and once per team value (NULL too).
    const [closed] = await db.query<{ c: Date }>(`SELECT closed_before AS c FROM openkpi.rollup_state`);
    const [expected] = await db.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM (SELECT DISTINCT date_trunc('hour', at) FROM sk.events WHERE at < $1) h)
            + (SELECT count(*) FROM (SELECT DISTINCT date_trunc('hour', at), team FROM sk.events WHERE at < $1) ht) AS n`,
      [closed.c]
    );
    const [users] = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${table} WHERE partial = ${plan.sketches.find((s) => s.def.expression === 'user_id')!.id}`
    );
    expect(users.n).toBe(expected.n);
  });

  it('keeps percentiles within 1 % and distinct counts within 2 % over random windows, with and without a team', async () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const misses: string[] = [];
    let checked = 0;
    for (let i = 0; i < 10; i++) {
      const from = now - Math.floor(rnd() * DAYS * 24 * HOUR);
      const to = Math.min(now, from + Math.floor(6 * HOUR + rnd() * 4 * 24 * HOUR));
      const team = i % 2 === 0 ? undefined : ['a', 'b', 'c'][i % 3];
      for (const [id, { bound }] of Object.entries(RAW)) {
        const [a, b] = [await rolled(id, from, to, team), await raw(id, from, to, team)];
        if (!(a === b.v || Math.abs(a! - b.v!) <= bound * b.m)) {
          misses.push(
            `${id} ${team ?? ''} [${new Date(from).toISOString()}, ${new Date(to).toISOString()}): ${a} vs ${b.v}`
          );
        }
        checked += b.v === null ? 0 : 1;
      }
    }
    expect(misses).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });

  it('never reads a rollup of the previous shape, and rebuilds it on the next run', async () => {
    const [plan] = rollupPlans(catalog);
    const name = plan.table[1];
    const legacy = `openkpi.${name}_sketch`;
    // What version 1 left: a sketch table of a row per bucket or register, and its own definition.
    await db.query(`DROP TABLE ${plan.sketchTable.join('.')}`);
    await db.query(
      `CREATE TABLE ${legacy} (hour timestamptz NOT NULL, grp int NOT NULL, team text, partial int NOT NULL, k double precision NOT NULL, n bigint NOT NULL)`
    );
    await db.query(`UPDATE openkpi.rollup_state SET definition = 'version 1' WHERE table_name = $1`, [name]);
    expect(await availableRollups(catalog, runner)).toEqual([]);
    const evalAt = instant(new Date(now - 60_000));
    const upgraded = await evaluateKpis(
      catalog,
      { at: evalAt, rollups: await availableRollups(catalog, runner) },
      runner
    );
    const exact = await evaluateKpis(catalog, { at: evalAt }, runner);
    expect(upgraded.kpis.map((k) => [k.id, k.value, k.approximate ?? false, k.error])).toEqual(
      exact.kpis.map((k) => [k.id, k.value, false, undefined])
    );
    const [result] = await refresh();
    expect(result.status).toBe('rebuilt');
    const [left] = await db.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [legacy]);
    expect(left.t).toBeNull();
    expect((await availableRollups(catalog, runner)).map((p) => p.sketchTable[1])).toEqual([`${name}_sketches`]);
  });
});
