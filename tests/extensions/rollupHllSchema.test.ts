/** @jest-environment node */
/**
 * The `hll` extension installed in a schema of its own (not on the search path), in real
 * PostgreSQL 15 with postgresql-hll: `openkpi rollup` creates the hll tables with the schema's
 * `hll` type and every read names the extension's functions by schema, so a window's distinct
 * count equals the extension's own sketch of its raw rows; a role that may read the rollups but
 * has no `USAGE` on the extension's schema gets the plain-SQL registers instead, without an error.
 */
import { parseCatalog } from '../../src/core/catalog/parse';
import type { Catalog } from '../../src/core/catalog/model';
import { SqlRunner } from '../../src/core/evaluation/runner';
import { rollupValueSql } from '../../src/core/rollup/read';
import { availableRollups } from '../../src/core/rollup/probe';
import { createTestDatabase, TestDatabase } from '../support/db';
import { refreshRollups } from '../support/fixtures';

const HOUR = 3_600_000;

const CATALOG = `
apiVersion: openkpi/v1
name: hll-schema
approximate: true
sources:
  events: { table: sk.events, time: at, dimensions: [team] }
kpis:
  - { id: users, name: Users, source: events, window: 1d, measure: { aggregate: count_distinct, expression: user_id } }
`;

let db: TestDatabase;
let runner: SqlRunner;
let catalog: Catalog;
let now: number;

const at = (ms: number) => `'${new Date(ms).toISOString()}'::timestamptz`;

/** The distinct count over `[from, to)` as the probe's plans read it, with the path it took. */
async function rolled(from: number, to: number): Promise<{ v: number; hll?: string; sql: string }> {
  const plans = await availableRollups(catalog, runner);
  const read = rollupValueSql(catalog, catalog.kpis[0], { from: at(from), to: at(to) }, [], plans)!;
  const [row] = await db.query<{ v: number }>(`SELECT ${read.sql} AS v`);
  return { v: row.v, hll: read.hll, sql: read.sql };
}

/** Hand-written over the raw rows: the exact count and the extension's sketch of them. */
async function raw(from: number, to: number): Promise<{ exact: number; sketch: number }> {
  const [row] = await db.query<{ exact: string; sketch: number }>(
    `SELECT count(DISTINCT user_id) AS exact,
            ext.hll_cardinality(ext.hll_add_agg(ext.hll_hash_text(user_id::text), 14, 5)) AS sketch
     FROM sk.events WHERE at >= $1 AND at < $2 AND user_id IS NOT NULL`,
    [new Date(from), new Date(to)]
  );
  return { exact: Number(row.exact), sketch: row.sketch };
}

beforeAll(async () => {
  db = await createTestDatabase();
  runner = { query: async (sql) => (await db.client.query(sql)).rows };
  catalog = parseCatalog(CATALOG, 'hll-schema.yaml').catalog!;
  const [{ ms }] = await db.query<{ ms: string }>(`SELECT (extract(epoch FROM now()) * 1000)::bigint AS ms`);
  now = Number(ms);
  await db.query('CREATE SCHEMA sk');
  await db.query('CREATE TABLE sk.events (at timestamptz, team text, user_id int)');
  await db.query('SELECT setseed(0.17)');
  await db.query(`INSERT INTO sk.events
    SELECT to_timestamp(${now / 1000}) - random() * interval '6 days', (ARRAY['a', 'b'])[1 + floor(random() * 2)::int],
      floor(random() * 100000)::int
    FROM generate_series(1, 40000)`);
  await db.query('CREATE SCHEMA ext');
  await db.query('CREATE EXTENSION hll SCHEMA ext');
});

afterAll(async () => {
  await db?.query('RESET ROLE').catch(() => undefined);
  await db?.drop();
});

describe('the hll extension in a schema of its own', () => {
  it('creates the hll tables with that schema’s type and reads them by schema, off the search path', async () => {
    const [path] = await db.query<{ search_path: string }>('SHOW search_path');
    expect(path.search_path).not.toContain('ext');
    const [result] = await refreshRollups(catalog, runner, 3600);
    expect(result.hll).toMatch(/_hll$/);
    const [type] = await db.query<{ t: string }>(
      `SELECT format_type(a.atttypid, a.atttypmod) AS t FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attname = 'h'`,
      [`${result.hll}_days`]
    );
    expect(type.t).toBe('ext.hll');
    const [from, to] = [now - 4 * 24 * HOUR - 13 * 60_000, now - 2 * HOUR + 7 * 60_000];
    const r = await rolled(from, to);
    expect(r.hll).toBe(result.hll);
    expect(r.sql).toContain('"ext".hll_union_agg');
    const x = await raw(from, to);
    expect(Math.abs(r.v - x.sketch)).toBeLessThanOrEqual(1e-9 * x.sketch);
    expect(Math.abs(r.v - x.exact)).toBeLessThanOrEqual(0.02 * x.exact);
  });

  it('gives a role without USAGE on the extension’s schema the plain-SQL registers, without an error', async () => {
    const role = `openkpi_reader_${Math.floor(Math.random() * 1e9)}`;
    await db.query(`CREATE ROLE ${role} NOLOGIN`);
    for (const schema of ['sk', 'openkpi']) {
      await db.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
      await db.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
    }
    const [from, to] = [now - 3 * 24 * HOUR - 5 * 60_000, now - HOUR];
    const x = await raw(from, to);
    await db.query(`SET ROLE ${role}`);
    try {
      const r = await rolled(from, to);
      expect(r.hll).toBeUndefined();
      expect(r.sql).not.toContain('hll_union_agg');
      expect(Math.abs(r.v - x.exact)).toBeLessThanOrEqual(0.02 * x.exact);
    } finally {
      await db.query('RESET ROLE');
    }
  });
});
