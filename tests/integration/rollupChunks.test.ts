/** @jest-environment node */
/**
 * A long refresh in chunks (core/rollup/chunks.ts) in real PostgreSQL: a first build over ten
 * days of rows commits chunk after chunk of whole UTC days, each with its closed boundary; a run
 * interrupted after a chunk keeps what it committed, reads stay exact (rollup hours before the
 * boundary, raw rows after it: hand-written SQL), and the next run goes on from the boundary
 * instead of rebuilding.
 */
import { Client } from 'pg';
import { parseCatalog } from '../../src/core/catalog/parse';
import type { Catalog } from '../../src/core/catalog/model';
import type { SqlRunner } from '../../src/core/evaluation/runner';
import { rollupPlans } from '../../src/core/rollup/plan';
import { rollupValueSql } from '../../src/core/rollup/read';
import { refreshRollup, RefreshProgress } from '../../src/core/rollup/refresh';
import { createTestDatabase, TestDatabase } from '../support/db';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LATE_SECONDS = 3600;

const CATALOG = `
apiVersion: openkpi/v1
name: chunks
sources:
  events: { table: ck.events, time: at, dimensions: [team] }
kpis:
  - { id: rows, name: Rows, source: events, window: 1d, measure: { aggregate: count } }
  - { id: amount, name: Amount, source: events, window: 1d, measure: { aggregate: sum, expression: amount } }
`;
const RAW: Record<string, string> = {
  rows: 'SELECT count(*)::float8 AS v FROM ck.events WHERE at >= $1 AND at < $2',
  amount: 'SELECT coalesce(sum(amount), 0)::float8 AS v FROM ck.events WHERE at >= $1 AND at < $2',
};

let db: TestDatabase;
let runner: SqlRunner;
let catalog: Catalog;
let now: number;

const at = (ms: number) => `'${new Date(ms).toISOString()}'::timestamptz`;

/** Every KPI over windows with ragged edges across the data, from the rollup and by hand. */
async function misreads(): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < 12; i++) {
    const from = now - 11 * DAY + i * 0.9 * DAY + 7 * 60_000;
    const to = Math.min(now, from + (1 + (i % 4)) * DAY + 41 * 60_000);
    for (const kpi of catalog.kpis) {
      const read = rollupValueSql(catalog, kpi, { from: at(from), to: at(to) }, []);
      const [rolled] = await db.query<{ v: number }>(`SELECT ${read!.sql} AS v`);
      const [raw] = await db.query<{ v: number }>(RAW[kpi.id], [new Date(from), new Date(to)]);
      if (rolled.v !== raw.v) {
        out.push(`${kpi.id} [${new Date(from).toISOString()}, ${new Date(to).toISOString()}): ${rolled.v} ≠ ${raw.v}`);
      }
    }
  }
  return out;
}

const closedBefore = async () =>
  (
    await db.query<{ ms: string }>(
      `SELECT (extract(epoch FROM closed_before) * 1000)::bigint AS ms FROM openkpi.rollup_state`
    )
  ).map((r) => Number(r.ms));

beforeAll(async () => {
  db = await createTestDatabase();
  runner = { query: async (sql) => (await db.client.query(sql)).rows };
  catalog = parseCatalog(CATALOG, 'chunks.yaml').catalog!;
  const [{ ms }] = await db.query<{ ms: string }>(`SELECT (extract(epoch FROM now()) * 1000)::bigint AS ms`);
  now = Number(ms);
  await db.query('CREATE SCHEMA ck');
  await db.query('CREATE TABLE ck.events (at timestamptz, team text, amount int)');
  await db.query('SELECT setseed(0.31)');
  await db.query(`INSERT INTO ck.events SELECT to_timestamp(${now / 1000}) - random() * interval '10 days',
    (ARRAY['a', 'b'])[1 + floor(random() * 2)::int], floor(random() * 1000)::int FROM generate_series(1, 20000)`);
});

afterAll(async () => {
  await db?.drop();
});

describe('a long refresh in chunks', () => {
  it('commits chunk after chunk of whole UTC days; an interrupted run keeps them and the next goes on', async () => {
    const [plan] = rollupPlans(catalog);
    const seen: RefreshProgress[] = [];
    const interrupted = refreshRollup(plan, runner, {
      lateSeconds: LATE_SECONDS,
      onProgress: (p) => {
        seen.push(p);
        if (seen.length === 2) {
          throw new Error('interrupted');
        }
      },
    });
    await expect(interrupted).rejects.toThrow('interrupted');
    expect(seen).toHaveLength(2);
    const [firstRow] = await db.query<{ ms: string }>(
      `SELECT (extract(epoch FROM min(at)) * 1000)::bigint AS ms FROM ck.events`
    );
    expect(Date.parse(seen[0].first)).toBe(Math.floor(Number(firstRow.ms) / HOUR) * HOUR);
    // Chunks end on UTC midnights, the second after the first.
    const ends = seen.map((p) => Date.parse(p.to));
    expect(ends.map((ms) => ms % DAY)).toEqual([0, 0]);
    expect(ends[1]).toBeGreaterThan(ends[0]);
    // What the interrupted run committed: its boundary, visible to another session, read exactly.
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      const { rows } = await other.query(
        `SELECT (extract(epoch FROM closed_before) * 1000)::bigint AS ms FROM openkpi.rollup_state WHERE table_name = $1`,
        [plan.table[1]]
      );
      expect(rows.map((r) => Number(r.ms))).toEqual([ends[1]]);
    } finally {
      await other.end();
    }
    const [hours] = await db.query<{ n: string; last: string }>(
      `SELECT count(*) AS n, (extract(epoch FROM max(hour)) * 1000)::bigint AS last FROM ${plan.table.join('.')}`
    );
    expect(Number(hours.n)).toBeGreaterThan(0);
    expect(Number(hours.last)).toBeLessThan(ends[1]);
    expect(await misreads()).toEqual([]);

    // The next run is not a rebuild: it goes on from the boundary minus the late window.
    const after: RefreshProgress[] = [];
    const result = await refreshRollup(plan, runner, { lateSeconds: LATE_SECONDS, onProgress: (p) => after.push(p) });
    expect(result.status).toBe('refreshed');
    expect(Date.parse(result.from!)).toBe(ends[1] - LATE_SECONDS * 1000);
    expect(Date.parse(after[after.length - 1].to)).toBe(Date.parse(result.closedBefore!));
    expect(await closedBefore()).toEqual([Math.floor((now - LATE_SECONDS * 1000) / HOUR) * HOUR]);
    expect(await misreads()).toEqual([]);
  });

  it('records the boundary of a source without rows, and skips while another run holds the lock', async () => {
    await db.query('DELETE FROM openkpi.rollup_state');
    await db.query('TRUNCATE ck.events');
    const [plan] = rollupPlans(catalog);
    const built = await refreshRollup(plan, runner, { lateSeconds: LATE_SECONDS });
    expect(built.status).toBe('rebuilt');
    expect(await closedBefore()).toEqual([Date.parse(built.closedBefore!)]);
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [`openkpi.rollup:${plan.table[1]}`]);
      expect((await refreshRollup(plan, runner, { lateSeconds: LATE_SECONDS })).status).toBe('skipped');
    } finally {
      await other.end();
    }
    expect((await refreshRollup(plan, runner, { lateSeconds: LATE_SECONDS })).status).toBe('refreshed');
  });
});
