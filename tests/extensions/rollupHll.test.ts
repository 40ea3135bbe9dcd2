/** @jest-environment node */
/**
 * Distinct counts from the `hll` extension's sketches (docs/rollups.md) in real PostgreSQL 15 with
 * postgresql-hll, on seeded random data: without the extension the rollup keeps the plain-SQL
 * registers; after `CREATE EXTENSION hll` a refresh creates and fills `openkpi.<name>_hll`, and a
 * window's distinct count (ragged edges, with and without a dimension filter, with a KPI filter)
 * is within 2 % of count(DISTINCT …) and equal to the extension's own sketch of the window's raw
 * rows, written by hand here; late rows within the late window are picked up by the next refresh;
 * a stale hll table answers through raw rows after its closed boundary; a rebuild recreates it.
 */
import { parseCatalog } from '../../src/core/catalog/parse';
import type { Catalog } from '../../src/core/catalog/model';
import { SqlRunner } from '../../src/core/evaluation/runner';
import { rollupPlans, RollupPlan } from '../../src/core/rollup/plan';
import { rollupValueSql } from '../../src/core/rollup/read';
import { availableRollups } from '../../src/core/rollup/probe';
import { evalPaths } from '../../src/core/compiler/evalQuery';
import { instant } from '../../src/core/compiler/anchor';
import { createTestDatabase, TestDatabase } from '../support/db';
import { refreshRollups } from '../support/fixtures';

const HOUR = 3_600_000;
const DAYS = 10;
const LATE = 3600;

const CATALOG = `
apiVersion: openkpi/v1
name: hll-test
approximate: true
sources:
  events: { table: sk.events, time: at, dimensions: [team] }
kpis:
  - { id: users, name: Users, source: events, window: 1d, measure: { aggregate: count_distinct, expression: user_id } }
  - { id: users_ok, name: Users ok, source: events, window: 1d, filter: "ok", measure: { aggregate: count_distinct, expression: user_id } }
  - { id: events, name: Events, source: events, window: 1d, measure: { aggregate: count } }
  - id: per_user
    name: Events per user
    source: events
    window: 1d
    measure: { ratio: { numerator: { aggregate: count }, denominator: { aggregate: count_distinct, expression: user_id } }, scale: 1 }
`;

/** The KPI filter of each distinct-count KPI, as hand-written SQL. */
const FILTER: Record<string, string> = { users: 'true', users_ok: 'ok' };

let db: TestDatabase;
let runner: SqlRunner;
let catalog: Catalog;
let now: number;

const at = (ms: number) => `'${new Date(ms).toISOString()}'::timestamptz`;

/** Hand-written over the raw rows of `[from, to)`: the exact count and the extension's sketch of them. */
async function raw(
  id: string,
  from: number,
  to: number,
  team?: string,
  withSketch = true
): Promise<{ exact: number; sketch: number }> {
  const sketch = withSketch ? 'hll_cardinality(hll_add_agg(hll_hash_text(user_id::text), 14, 5))' : 'NULL::float8';
  const where = `at >= $1 AND at < $2 AND (${FILTER[id]}) AND user_id IS NOT NULL${team === undefined ? '' : ' AND team = $3'}`;
  const params: unknown[] = [new Date(from), new Date(to), ...(team === undefined ? [] : [team])];
  const [row] = await db.query<{ exact: string; sketch: number | null }>(
    `SELECT count(DISTINCT user_id) AS exact, ${sketch} AS sketch FROM sk.events WHERE ${where}`,
    params
  );
  return { exact: Number(row.exact), sketch: row.sketch ?? 0 };
}

/** The rollup's value of a KPI over `[from, to)` with the plans the probe finds. */
async function rolled(
  id: string,
  from: number,
  to: number,
  team?: string
): Promise<{ v: number; sql: string; hll?: string; approximate: boolean }> {
  const kpi = catalog.kpis.find((k) => k.id === id)!;
  const filters = team === undefined ? [] : [{ dimension: 'team', values: [team] }];
  const plans = await availableRollups(catalog, runner);
  const read = rollupValueSql(catalog, kpi, { from: at(from), to: at(to) }, filters, plans)!;
  const [row] = await db.query<{ v: number }>(`SELECT ${read.sql} AS v`);
  return { v: row.v, sql: read.sql, hll: read.hll, approximate: read.approximate };
}

const refresh = () => refreshRollups(catalog, runner, LATE);
const plan = (): RollupPlan => rollupPlans(catalog)[0];
const hllTable = () => `openkpi.${plan().table[1]}_hll`;
const hllDays = () => `openkpi.${plan().table[1]}_hll_days`;

/**
 * The day rows against the hourly sketches, written by hand: for every set, value and partial,
 * one row per UTC day whose 24 hours are all before the hll table's closed boundary, whose
 * cardinality is that of the union of the day's hourly sketches. Returns the mismatches and the
 * number of day rows.
 */
async function dayRowMismatches(): Promise<{ mismatches: number; days: number }> {
  const [row] = await db.query<{ mismatches: string; days: string }>(
    `WITH closed AS (SELECT closed_before AS c FROM openkpi.rollup_state WHERE table_name = $1),
     expected AS (SELECT date_trunc('day', hour AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day, grp, team, partial,
                         hll_cardinality(hll_union_agg(h)) AS n
                  FROM ${hllTable()}, closed WHERE hour < date_trunc('day', closed.c AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                  GROUP BY 1, 2, 3, 4),
     actual AS (SELECT day, grp, team, partial, hll_cardinality(h) AS n FROM ${hllDays()})
     SELECT (SELECT count(*) FROM ((SELECT * FROM expected EXCEPT ALL SELECT * FROM actual)
                                   UNION ALL (SELECT * FROM actual EXCEPT ALL SELECT * FROM expected)) d) AS mismatches,
            (SELECT count(*) FROM actual) AS days`,
    [`${plan().table[1]}_hll`]
  );
  return { mismatches: Number(row.mismatches), days: Number(row.days) };
}

async function exists(table: string): Promise<boolean> {
  const [row] = await db.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [table]);
  return row.t !== null;
}

/** Seeded random windows with ragged edges, every other one for one team. */
function windows(count: number, seed: number): Array<{ from: number; to: number; team?: string }> {
  const rnd = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  return Array.from({ length: count }, (_, i) => {
    const from = now - Math.floor(rnd() * DAYS * 24 * HOUR);
    const to = Math.min(now, from + Math.floor(6 * HOUR + rnd() * 4 * 24 * HOUR));
    return { from, to, team: i % 2 === 0 ? undefined : ['a', 'b', 'c'][i % 3] };
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  runner = { query: async (sql) => (await db.client.query(sql)).rows };
  catalog = parseCatalog(CATALOG, 'hll.yaml').catalog!;
  const [{ ms }] = await db.query<{ ms: string }>(`SELECT (extract(epoch FROM now()) * 1000)::bigint AS ms`);
  now = Number(ms);
  await db.query('CREATE SCHEMA sk');
  await db.query('CREATE TABLE sk.events (at timestamptz, team text, ok boolean, user_id int)');
  await db.query('SELECT setseed(0.42)');
  await db.query(`INSERT INTO sk.events
    SELECT to_timestamp(${now / 1000}) - random() * interval '${DAYS} days',
      (ARRAY['a', 'b', 'c', NULL])[1 + floor(random() * 4)::int], random() < 0.7,
      CASE WHEN random() < 0.02 THEN NULL ELSE floor(random() * 200000)::int END
    FROM generate_series(1, 60000)`);
});

afterAll(async () => {
  await db?.drop();
});

describe('distinct counts from the hll extension', () => {
  it('keeps the plain-SQL registers in a database without the extension', async () => {
    const [result] = await refresh();
    expect(result.hll).toBeUndefined();
    expect(await exists(hllTable())).toBe(false);
    const [found] = await availableRollups(catalog, runner);
    expect(found.hll).toBeUndefined();
    const [from, to, team] = [now - 5 * 24 * HOUR - 17 * 60_000, now - 24 * HOUR + 7 * 60_000, 'c'];
    const r = await rolled('users', from, to, team);
    expect(r.sql).not.toContain('hll_union_agg');
    expect(r.hll).toBeUndefined();
    const x = await raw('users', from, to, team, false);
    expect(x.exact).toBeGreaterThan(1000);
    expect(Math.abs(r.v - x.exact)).toBeLessThanOrEqual(0.02 * x.exact);
  });

  it('creates and fills the hll table once the extension is installed, a sketch per hour, set, value and partial', async () => {
    await db.query('CREATE EXTENSION hll');
    const [result] = await refresh();
    expect(result.status).toBe('refreshed');
    expect(result.hll).toBe(hllTable());
    // Its size counts every table it keeps, the extension's two included.
    const tables = [plan().table, plan().sketchTable, plan().dayTable].map((t) => t.join('.'));
    const [size] = await db.query<{ n: string }>(
      `SELECT ${[...tables, hllTable(), hllDays()].map((t) => `(SELECT count(*) FROM ${t})`).join(' + ')} AS n`
    );
    expect(result.rows).toBe(Number(size.n));
    // The same keys as the plain-SQL sketch table: every closed hour since the first row.
    const keys = (table: string) =>
      `SELECT hour, grp, team, partial FROM ${table} WHERE partial IN (SELECT DISTINCT partial FROM ${hllTable()})`;
    const [diff] = await db.query<{ n: string; total: string }>(
      `SELECT (SELECT count(*) FROM ((${keys(plan().sketchTable.join('.'))}) EXCEPT ALL (${keys(hllTable())})) a)
            + (SELECT count(*) FROM ((${keys(hllTable())}) EXCEPT ALL (${keys(plan().sketchTable.join('.'))})) b) AS n,
              (SELECT count(*) FROM ${hllTable()}) AS total`
    );
    expect(diff.n).toBe('0');
    expect(Number(diff.total)).toBeGreaterThan(2 * DAYS * 24 * 4);
    const [found] = await availableRollups(catalog, runner);
    expect(found.hll).toEqual({
      table: ['openkpi', `${plan().table[1]}_hll`],
      days: ['openkpi', `${plan().table[1]}_hll_days`],
      schema: 'public',
    });
    // A row per whole closed day, the union of its hours (sets: all, and each of 3 teams and NULL).
    const days = await dayRowMismatches();
    expect(days.mismatches).toBe(0);
    expect(days.days).toBeGreaterThanOrEqual((DAYS - 1) * 2 * 5);
    const paths = evalPaths(catalog, { kpiIds: ['users', 'events'], at: instant(new Date(now)), rollups: [found] });
    expect(paths.map((p) => p.path.includes(`the hll extension's sketches in ${hllTable()}`))).toEqual([true, false]);
  });

  it('is within 2 % of count(DISTINCT) and equals the extension sketch of the raw rows over ragged windows', async () => {
    const misses: string[] = [];
    let checked = 0;
    for (const { from, to, team } of windows(12, 7)) {
      for (const id of Object.keys(FILTER)) {
        const r = await rolled(id, from, to, team);
        const x = await raw(id, from, to, team);
        expect(r.hll).toBe(hllTable());
        expect(r.approximate).toBe(true);
        const span = `${id} ${team ?? ''} [${new Date(from).toISOString()}, ${new Date(to).toISOString()})`;
        if (Math.abs(r.v - x.exact) > 0.02 * x.exact) {
          misses.push(`${span}: ${r.v} vs exact ${x.exact}`);
        }
        if (Math.abs(r.v - x.sketch) > 1e-9 * Math.max(1, x.sketch)) {
          misses.push(`${span}: ${r.v} vs sketch ${x.sketch}`);
        }
        checked += x.exact > 0 ? 1 : 0;
      }
    }
    expect(misses).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });

  it('divides an exact count by the extension distinct count in a ratio', async () => {
    for (const { from, to, team } of windows(4, 5)) {
      const r = await rolled('per_user', from, to, team);
      const x = await raw('users', from, to, team);
      const w = `at >= $1 AND at < $2${team === undefined ? '' : ' AND team = $3'}`;
      const [c] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM sk.events WHERE ${w}`, [
        new Date(from),
        new Date(to),
        ...(team === undefined ? [] : [team]),
      ]);
      expect(r.hll).toBe(hllTable());
      expect(r.v).toBeCloseTo(Number(c.n) / x.sketch, 9);
    }
  });

  it('counts 0 over a window without rows', async () => {
    const r = await rolled('users', now - 400 * 24 * HOUR, now - 300 * 24 * HOUR);
    expect(r.hll).toBe(hllTable());
    expect(r.v).toBe(0);
  });

  it('picks up late rows within the late window at the next refresh', async () => {
    const [state] = await db.query<{ c: Date }>(
      `SELECT closed_before AS c FROM openkpi.rollup_state WHERE table_name = $1`,
      [`${plan().table[1]}_hll`]
    );
    const closed = state.c.getTime();
    // New users in a closed hour that the late window re-aggregates.
    await db.query(
      `INSERT INTO sk.events SELECT $1::timestamptz, 'a', true, 1000000 + g FROM generate_series(1, 3000) g`,
      [new Date(closed - 30 * 60_000)]
    );
    const [from, to] = [closed - 6 * HOUR, closed];
    const before = await rolled('users', from, to, 'a');
    const x = await raw('users', from, to, 'a');
    // Not yet in the hll table: the closed hour misses the new users.
    expect(x.sketch - before.v).toBeGreaterThan(2000);
    await refresh();
    const after = await rolled('users', from, to, 'a');
    expect(after.hll).toBe(hllTable());
    expect(Math.abs(after.v - x.sketch)).toBeLessThanOrEqual(1e-9 * x.sketch);
    expect(Math.abs(after.v - x.exact)).toBeLessThanOrEqual(0.02 * x.exact);
  });

  it('reads raw rows after the closed boundary of a stale hll table', async () => {
    const name = `${plan().table[1]}_hll`;
    const [state] = await db.query<{ c: Date }>(
      `SELECT closed_before AS c FROM openkpi.rollup_state WHERE table_name = $1`,
      [name]
    );
    const stale = state.c.getTime() - 48 * HOUR;
    // The hll table's boundary as if it had not been refreshed for two days (the rollup's own is
    // fresh), and rows it has not seen in the hours after that boundary.
    await db.query(`UPDATE openkpi.rollup_state SET closed_before = $1 WHERE table_name = $2`, [new Date(stale), name]);
    await db.query(
      `INSERT INTO sk.events SELECT $1::timestamptz + g * interval '1 second', 'b', true, 2000000 + g FROM generate_series(1, 3000) g`,
      [new Date(stale + 5 * HOUR + 60_000)]
    );
    for (const { from, to, team } of [
      { from: stale - 30 * HOUR - 17 * 60_000, to: stale + 20 * HOUR + 5 * 60_000, team: 'b' },
      { from: stale - 3 * 24 * HOUR, to: now, team: undefined },
    ]) {
      const r = await rolled('users', from, to, team);
      const x = await raw('users', from, to, team);
      expect(r.hll).toBe(hllTable());
      expect(Math.abs(r.v - x.sketch)).toBeLessThanOrEqual(1e-9 * x.sketch);
    }
    // Both tables stale: the same rule.
    await db.query(`UPDATE openkpi.rollup_state SET closed_before = $1`, [new Date(stale)]);
    const r = await rolled('users', stale - 24 * HOUR, now, 'b');
    const x = await raw('users', stale - 24 * HOUR, now, 'b');
    expect(Math.abs(r.v - x.sketch)).toBeLessThanOrEqual(1e-9 * x.sketch);
  });

  it('merges the days again that the next refresh re-aggregates, so the day rows keep the late rows', async () => {
    // The boundaries are two days back (the test above) and rows arrived after them: the refresh
    // re-aggregates those hours and merges again the whole days they touch.
    await refresh();
    const days = await dayRowMismatches();
    expect(days.mismatches).toBe(0);
    const [from, to] = [now - 4 * 24 * HOUR - 13 * 60_000, now - 20 * 60_000];
    const r = await rolled('users', from, to, 'b');
    const x = await raw('users', from, to, 'b');
    expect(r.sql).toContain('_hll_days');
    expect(Math.abs(r.v - x.sketch)).toBeLessThanOrEqual(1e-9 * x.sketch);
  });

  it('recreates an hll table without day rows (an earlier version) at the next refresh, and reads the registers until then', async () => {
    await db.query(`DROP TABLE ${hllDays()}`);
    const [before] = await availableRollups(catalog, runner);
    expect(before.hll).toBeUndefined();
    await refresh();
    const [after] = await availableRollups(catalog, runner);
    expect(after.hll?.days).toEqual(['openkpi', `${plan().table[1]}_hll_days`]);
    expect((await dayRowMismatches()).mismatches).toBe(0);
  });

  it('drops and recreates the hll table when the rollup is rebuilt', async () => {
    const name = plan().table[1];
    await db.query(`INSERT INTO ${hllTable()} SELECT hour, grp, team, partial, h FROM ${hllTable()}`);
    await db.query(`UPDATE openkpi.rollup_state SET definition = 'older' WHERE table_name = $1`, [name]);
    const [result] = await refresh();
    expect(result.status).toBe('rebuilt');
    const [dupes] = await db.query<{ n: string }>(
      `SELECT count(*) - count(DISTINCT (hour, grp, team, partial)) AS n FROM ${hllTable()}`
    );
    expect(dupes.n).toBe('0');
    expect((await dayRowMismatches()).mismatches).toBe(0);
    const [from, to, team] = [now - 7 * 24 * HOUR + 11 * 60_000, now - 2 * HOUR - 3 * 60_000, 'a'];
    const r = await rolled('users', from, to, team);
    const x = await raw('users', from, to, team);
    expect(r.hll).toBe(hllTable());
    expect(Math.abs(r.v - x.sketch)).toBeLessThanOrEqual(1e-9 * Math.max(1, x.sketch));
  });
});
