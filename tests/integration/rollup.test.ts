/** @jest-environment node */
/**
 * Rollups against raw SQL on seeded random data in real PostgreSQL: the value of every measure
 * from the rollup (closed hours) plus raw rows (the window's edges) equals the hand-written raw
 * aggregate exactly; sketches stay within their bounds (1 % percentiles, 2 % distinct counts).
 */
import { Client } from 'pg';
import { parseCatalog } from '../../src/core/catalog/parse';
import type { Catalog } from '../../src/core/catalog/model';
import { SqlRunner } from '../../src/core/evaluation/runner';
import { rollupPlans } from '../../src/core/rollup/plan';
import { rollupValueSql } from '../../src/core/rollup/read';
import { availableRollups } from '../../src/core/rollup/probe';
import { evaluateKpis } from '../../src/core/evaluation/evaluate';
import { instant } from '../../src/core/compiler/anchor';
import { compileEval } from '../../src/core/compiler/evalQuery';
import { createTestDatabase, TestDatabase } from '../support/db';
import { refreshRollups } from '../support/fixtures';

const HOUR = 3_600_000;
const DAYS = 7;

/** A seeded generator (mulberry32): the same data on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const CATALOG = `
apiVersion: openkpi/v1
name: roll-test
sources:
  events:
    table: ev.events
    time: at
    dimensions: [team, status]
kpis:
  - { id: ok_count, name: OK, source: events, window: 1d, measure: { aggregate: count, filter: "status = 'ok'" } }
  - { id: rows, name: Rows, source: events, window: 1d, filter: "team IS NOT NULL", measure: { aggregate: count } }
  - { id: revenue, name: Revenue, source: events, window: 1d, measure: { aggregate: sum, expression: amount } }
  - { id: price_sum, name: Price, source: events, window: 1d, measure: { aggregate: sum, expression: price } }
  - { id: avg_amount, name: Avg amount, source: events, window: 1d, measure: { aggregate: avg, expression: amount } }
  - { id: avg_price, name: Avg price, source: events, window: 1d, measure: { aggregate: avg, expression: price } }
  - { id: min_latency, name: Min, source: events, window: 1d, measure: { aggregate: min, expression: latency } }
  - { id: max_latency, name: Max, source: events, window: 1d, measure: { aggregate: max, expression: latency } }
  - { id: last_amount, name: Last, source: events, window: 1d, measure: { aggregate: last, expression: amount } }
  - id: ok_rate
    name: OK rate
    source: events
    window: 1d
    measure: { ratio: { numerator: { aggregate: count, filter: "status = 'ok'" }, denominator: { aggregate: count } }, scale: 100 }
  - { id: nps, name: NPS, source: events, window: 1d, measure: { nps: { expression: score } } }
  - { id: p95_latency, name: p95, source: events, window: 1d, approximate: true, measure: { aggregate: p95, expression: latency } }
  - { id: p50_latency, name: p50, source: events, window: 1d, approximate: true, measure: { aggregate: p50, expression: latency } }
  - { id: users, name: Users, source: events, window: 1d, approximate: true, measure: { aggregate: count_distinct, expression: user_id } }
  - { id: exact_p90, name: p90, source: events, window: 1d, measure: { aggregate: p90, expression: latency } }
`;

/** Hand-written raw SQL per KPI over `[$1, $2)` with an optional team. */
const RAW: Record<string, string> = {
  ok_count: `SELECT count(*)::float8 AS v FROM ev.events WHERE status = 'ok' AND {W}`,
  rows: `SELECT count(*)::float8 AS v FROM ev.events WHERE team IS NOT NULL AND {W}`,
  revenue: `SELECT coalesce(sum(amount), 0)::float8 AS v FROM ev.events WHERE {W}`,
  price_sum: `SELECT coalesce(sum(price), 0)::float8 AS v FROM ev.events WHERE {W}`,
  avg_amount: `SELECT avg(amount)::float8 AS v FROM ev.events WHERE {W}`,
  avg_price: `SELECT avg(price)::float8 AS v FROM ev.events WHERE {W}`,
  min_latency: `SELECT min(latency)::float8 AS v FROM ev.events WHERE {W}`,
  max_latency: `SELECT max(latency)::float8 AS v FROM ev.events WHERE {W}`,
  last_amount: `SELECT amount::float8 AS v FROM ev.events WHERE {W} ORDER BY at DESC, amount DESC NULLS LAST LIMIT 1`,
  ok_rate: `SELECT (100 * count(*) FILTER (WHERE status = 'ok')::float8 / NULLIF(count(*), 0)::float8) AS v FROM ev.events WHERE {W}`,
  nps: `SELECT (100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / NULLIF(count(score), 0))::float8 AS v FROM ev.events WHERE {W}`,
  p95_latency: `SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY latency) AS v FROM ev.events WHERE {W}`,
  p50_latency: `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY latency) AS v FROM ev.events WHERE {W}`,
  users: `SELECT count(DISTINCT user_id)::float8 AS v FROM ev.events WHERE {W}`,
};

let db: TestDatabase;
let runner: SqlRunner;
let catalog: Catalog;
let now: number;

async function raw(id: string, from: number, to: number, team?: string): Promise<number | null> {
  const w = `at >= $1 AND at < $2${team === undefined ? '' : ' AND team = $3'}`;
  const params: unknown[] = [new Date(from), new Date(to), ...(team === undefined ? [] : [team])];
  const rows = await db.query<{ v: number | null }>(RAW[id].replace('{W}', w), params);
  return rows[0]?.v ?? null;
}

async function rolled(id: string, from: number, to: number, team?: string): Promise<number | null> {
  const kpi = catalog.kpis.find((k) => k.id === id)!;
  const instant = (ms: number) => `'${new Date(ms).toISOString()}'::timestamptz`;
  const filters = team === undefined ? [] : [{ dimension: 'team', values: [team] }];
  const read = rollupValueSql(catalog, kpi, { from: instant(from), to: instant(to) }, filters);
  const rows = await db.query<{ v: number | null }>(`SELECT ${read!.sql} AS v`);
  return rows[0].v;
}

async function refresh() {
  return refreshRollups(catalog, runner, 3600);
}

/** The database's now() in epoch ms. */
async function dbNow(): Promise<number> {
  const [{ ms }] = await db.query<{ ms: string }>(`SELECT (extract(epoch FROM now()) * 1000)::bigint AS ms`);
  return Number(ms);
}

beforeAll(async () => {
  db = await createTestDatabase();
  runner = { query: async (sql) => (await db.client.query(sql)).rows };
  catalog = parseCatalog(CATALOG, 'roll.yaml').catalog!;
  now = await dbNow();
  await db.query('CREATE SCHEMA ev');
  await db.query(
    'CREATE TABLE ev.events (at timestamptz, team text, status text, amount int, price numeric(10,2), latency double precision, score int, user_id int)'
  );
  const rnd = random(42);
  const values: string[] = [];
  for (let i = 0; i < 8000; i++) {
    const at = new Date(now - rnd() * DAYS * 24 * HOUR).toISOString();
    const team = ['a', 'b', "O'Brien", null][Math.floor(rnd() * 4)];
    const status = rnd() < 0.8 ? 'ok' : 'failed';
    const amount = rnd() < 0.05 ? 'NULL' : String(Math.floor(rnd() * 1000) - 100);
    const price = (rnd() * 500).toFixed(2);
    const latency = (Math.exp(rnd() * 8) / 10).toString();
    const score = rnd() < 0.1 ? 'NULL' : String(Math.floor(rnd() * 11));
    const user = String(Math.floor(rnd() * 3000));
    const t = team === null ? 'NULL' : `'${team.replace(/'/g, "''")}'`;
    values.push(`('${at}', ${t}, '${status}', ${amount}, ${price}, ${latency}, ${score}, ${user})`);
  }
  await db.query(`INSERT INTO ev.events VALUES ${values.join(',\n')}`);
});

afterAll(async () => {
  await db?.drop();
});

const EXACT = Object.keys(RAW).filter((id) => !['p95_latency', 'p50_latency', 'users'].includes(id));

describe('openkpi rollup', () => {
  it('builds one rollup per source, then refreshes it incrementally', async () => {
    // The hour the refresh closes: the last whole hour an hour (the late window) before the
    // database's now() during the run, read before and after it (an hour may end in between).
    const closedAt = (ms: number) => Math.floor((ms - HOUR) / HOUR) * HOUR;
    const before = await dbNow();
    const [first] = await refresh();
    const after = await dbNow();
    expect(first).toMatchObject({ source: 'events', status: 'rebuilt', from: null });
    expect(first.rows).toBeGreaterThan(0);
    expect([closedAt(before), closedAt(after)]).toContain(Date.parse(first.closedBefore!));
    const [second] = await refresh();
    expect(second.status).toBe('refreshed');
    // The late window is re-aggregated: the hour before the boundary the first run closed.
    expect(Date.parse(second.from!)).toBe(Date.parse(first.closedBefore!) - HOUR);
  });

  it('gives every additive measure exactly the raw value over random windows, with and without a dimension filter', async () => {
    await refresh();
    const rnd = random(7);
    const mismatches: string[] = [];
    for (let i = 0; i < 8; i++) {
      const from = now - Math.floor(rnd() * DAYS * 24 * HOUR);
      const to = Math.min(now, from + Math.floor(rnd() * 3 * 24 * HOUR) + 1);
      const team = i % 3 === 0 ? "O'Brien" : undefined;
      for (const id of EXACT) {
        const [a, b] = [await rolled(id, from, to, team), await raw(id, from, to, team)];
        if (a !== b) {
          mismatches.push(
            `${id} [${new Date(from).toISOString()}, ${new Date(to).toISOString()}) ${team ?? ''}: rollup ${a}, raw ${b}`
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('keeps percentiles within 1 % and distinct counts within 2 % of the raw values', async () => {
    const rnd = random(11);
    for (let i = 0; i < 6; i++) {
      const from = now - Math.floor(rnd() * DAYS * 24 * HOUR);
      const to = Math.min(now, from + Math.floor(24 * HOUR + rnd() * 2 * 24 * HOUR));
      for (const [id, bound] of [
        ['p95_latency', 0.01],
        ['p50_latency', 0.01],
        ['users', 0.02],
      ] as const) {
        const [a, b] = [await rolled(id, from, to), await raw(id, from, to)];
        expect({ id, ok: Math.abs(a! - b!) <= bound * Math.abs(b!) }).toEqual({ id, ok: true });
      }
    }
  });

  it('does not answer exact percentiles, nor filters on two dimensions', () => {
    const kpi = (id: string) => catalog.kpis.find((k) => k.id === id)!;
    const b = { from: 'now()', to: 'now()' };
    expect(rollupValueSql(catalog, kpi('exact_p90'), b)).toBeUndefined();
    const two = [
      { dimension: 'team', values: ['a'] },
      { dimension: 'status', values: ['ok'] },
    ];
    expect(rollupValueSql(catalog, kpi('revenue'), b, two)).toBeUndefined();
  });

  it('reads the rollup for closed hours: a changed raw row there is not seen until its hour is re-aggregated', async () => {
    await refresh();
    const hour = Math.floor((now - 3 * 24 * HOUR) / HOUR) * HOUR;
    const [from, to] = [hour - 6 * HOUR, hour + 6 * HOUR];
    const before = await raw('revenue', from, to);
    await db.query(`INSERT INTO ev.events (at, amount) VALUES ($1, 100000)`, [new Date(hour + 60_000)]);
    expect(await raw('revenue', from, to)).toBe(before! + 100000);
    // Far outside the late window: the rollup keeps its hour.
    expect(await rolled('revenue', from, to)).toBe(before);
  });

  it('re-aggregates rows that arrive within the late window', async () => {
    const [state] = await refresh();
    const closed = Date.parse(state.closedBefore!);
    const lateRow = closed - 30 * 60_000;
    await db.query(`INSERT INTO ev.events (at, amount, status) VALUES ($1, 777, 'ok')`, [new Date(lateRow)]);
    await refresh();
    const [from, to] = [closed - 5 * HOUR, closed];
    expect(await rolled('revenue', from, to)).toBe(await raw('revenue', from, to));
    expect(await rolled('ok_count', from, to)).toBe(await raw('ok_count', from, to));
  });

  it('reads raw rows only when the rollup was built for another definition of the catalog', async () => {
    await refresh();
    const changed = parseCatalog(
      CATALOG.replace('dimensions: [team, status]', 'dimensions: [team]'),
      'x.yaml'
    ).catalog!;
    const kpi = changed.kpis.find((k) => k.id === 'revenue')!;
    const from = now - 3 * 24 * HOUR;
    const instant = (ms: number) => `'${new Date(ms).toISOString()}'::timestamptz`;
    const read = rollupValueSql(changed, kpi, { from: instant(from), to: instant(now) })!;
    const [{ v }] = await db.query<{ v: number }>(`SELECT ${read.sql} AS v`);
    expect(v).toBe(await raw('revenue', from, now));
  });

  it('skips a source whose rollup another run is refreshing (advisory lock)', async () => {
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      const [plan] = rollupPlans(catalog);
      await other.query('BEGIN');
      await other.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`openkpi.rollup:${plan.table[1]}`]);
      const [result] = await refresh();
      expect(result.status).toBe('skipped');
      await other.query('COMMIT');
      const [after] = await refresh();
      expect(after.status).toBe('refreshed');
    } finally {
      await other.end();
    }
  });

  it('eval reads the rollups the database has: exact KPIs equal the raw evaluation, sketches marked approximate', async () => {
    await refresh();
    const rollups = await availableRollups(catalog, runner);
    expect(rollups.map((p) => p.table.join('.'))).toEqual(['openkpi.rollup_roll_test__events']);
    const at = instant(new Date(now - 5 * 60_000));
    const rawEval = await evaluateKpis(catalog, { at }, runner);
    const rolledEval = await evaluateKpis(catalog, { at, rollups }, runner);
    expect(rolledEval.kpis.filter((k) => k.error).map((k) => k.error)).toEqual([]);
    const exact = (r: typeof rawEval) =>
      r.kpis.filter((k) => EXACT.includes(k.id) || k.id === 'exact_p90').map((k) => [k.id, k.value, k.previous]);
    expect(exact(rolledEval)).toEqual(exact(rawEval));
    // One read of the rollup per window for all the KPIs it answers: the current day and the one before.
    const sql = compileEval(catalog, { at, rollups });
    expect(sql.split('FROM "openkpi"."rollup_roll_test__events" r').length - 1).toBe(2);
    expect(rolledEval.kpis.filter((k) => k.approximate).map((k) => k.id)).toEqual([
      'p95_latency',
      'p50_latency',
      'users',
    ]);
    for (const id of ['p95_latency', 'p50_latency', 'users']) {
      const [a, b] = [rolledEval, rawEval].map((r) => r.kpis.find((k) => k.id === id)!.value!);
      expect({ id, ok: Math.abs(a - b) <= (id === 'users' ? 0.02 : 0.01) * Math.abs(b) }).toEqual({ id, ok: true });
    }
    // With a filter on one dimension, too.
    const filters = [{ dimension: 'team', values: ['a'] }];
    const [rf, ff] = [
      await evaluateKpis(catalog, { at, filters }, runner),
      await evaluateKpis(catalog, { at, filters, rollups }, runner),
    ];
    expect(exact(ff)).toEqual(exact(rf));
  });
});
