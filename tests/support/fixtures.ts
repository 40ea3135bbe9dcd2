/**
 * Helpers for the integration tests (tests/integration/spec-*.test.ts): create tables,
 * insert rows, parse catalogs loudly, and independent arithmetic (windows, percentiles) so that
 * expected numbers never come from our compiler.
 */
import { migrate } from '../../src/cli/migrate';
import { Catalog } from '../../src/core/catalog/model';
import { parseCatalog } from '../../src/core/catalog/parse';
import { formatProblem } from '../../src/core/catalog/problems';
import { SqlRunner } from '../../src/core/evaluation/runner';
import { rollupPlans } from '../../src/core/rollup/plan';
import { refreshRollup, RefreshResult } from '../../src/core/rollup/refresh';
import { TestDatabase } from './db';

/** A runner over the test database's client: one statement in, rows out. */
export function pgRunner(db: TestDatabase): SqlRunner {
  return { query: async (sql: string) => (await db.client.query(sql)).rows };
}

/**
 * Builds or refreshes every rollup of the catalog, one after another as `openkpi rollup` does
 * (one client runs one statement at a time).
 */
export async function refreshRollups(
  catalog: Catalog,
  runner: SqlRunner,
  lateSeconds: number
): Promise<RefreshResult[]> {
  const results: RefreshResult[] = [];
  for (const plan of rollupPlans(catalog)) {
    results.push(await refreshRollup(plan, runner, { lateSeconds }));
  }
  return results;
}

/** Parses a YAML catalog and throws with every problem when it is not valid. */
export function catalogOf(yaml: string, file = 'spec-test.yaml'): Catalog {
  const result = parseCatalog(yaml, file);
  if (result.problems.length > 0 || !result.catalog) {
    throw new Error(`test catalog is not valid:\n${result.problems.map(formatProblem).join('\n')}`);
  }
  return result.catalog;
}

/** A row to insert: column name → value (Date, number, string or null). */
export type Row = Record<string, unknown>;

/**
 * Creates `table` (schema-qualified names allowed, e.g. `app.events`) with the given
 * column definitions (`{ t: 'timestamptz', v: 'double precision' }`) and inserts the rows.
 */
export async function createTable(
  db: TestDatabase,
  table: string,
  columns: Record<string, string>,
  rows: Row[] = []
): Promise<void> {
  const [schema] = table.includes('.') ? table.split('.') : [];
  if (schema) {
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  }
  const defs = Object.entries(columns)
    .map(([name, type]) => `${name} ${type}`)
    .join(', ');
  await db.query(`CREATE TABLE ${table} (${defs})`);
  await insertRows(db, table, rows);
}

/** Inserts rows with bound parameters (values never pasted into SQL), 500 rows per statement. */
export async function insertRows(db: TestDatabase, table: string, rows: Row[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) {
    const batch = rows.slice(start, start + 500);
    const cols = Object.keys(batch[0]);
    const params: unknown[] = [];
    const tuples = batch.map((row) => {
      const marks = cols.map((c) => {
        params.push(row[c] === undefined ? null : row[c]);
        return `$${params.length}`;
      });
      return `(${marks.join(', ')})`;
    });
    await db.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}

/** The built-in manual source's table, made by the one migration `openkpi migrate` runs. */
export async function createMeasurementTable(db: TestDatabase, rows: Row[] = []): Promise<void> {
  await migrate(db.client);
  await insertRows(db, 'openkpi.measurement', rows);
}

/** Milliseconds of an ISO instant. */
export function ms(iso: string): number {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) {
    throw new Error(`bad instant in test: ${iso}`);
  }
  return t;
}

/** The UTC ISO string (with `Z`) of an instant given as ms or ISO text. */
export function isoOf(t: number | string): string {
  return new Date(typeof t === 'string' ? ms(t) : t).toISOString();
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * percentile_cont by hand (linear interpolation between the closest ranks), the definition
 * PostgreSQL documents: position p·(n−1) in the sorted values. Null when there are no values.
 */
export function percentileCont(values: number[], p: number): number | null {
  if (values.length === 0) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/** Rows whose `key` instant lies in the half-open interval [from, to). */
export function inWindow<T extends Row>(rows: T[], key: string, from: number, to: number): T[] {
  return rows.filter((r) => {
    const t = (r[key] as Date).getTime();
    return t >= from && t < to;
  });
}

/** A KPI over a rolling window, written by hand: the window in hours, the aggregate, the rows' conditions. */
export interface RollingByHand {
  hours: number;
  select: string;
  where: string;
}

/**
 * Each KPI's value and previous written by hand: its `select` over the rows of `table` in
 * `[at − w, at)` and in the window before it, with `team = …` when a team is given.
 */
export async function rollingValuesByHand(
  db: TestDatabase,
  table: string,
  kpis: Record<string, RollingByHand>,
  at: number,
  team?: string
): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [id, h] of Object.entries(kpis)) {
    const over = async (end: number) => {
      const [row] = await db.query<{ v: unknown }>(
        `SELECT ${h.select} AS v FROM ${table} WHERE t >= $1 AND t < $2 AND ${h.where}${team === undefined ? '' : ' AND team = $3'}`,
        [new Date(end - h.hours * HOUR), new Date(end), ...(team === undefined ? [] : [team])]
      );
      return row.v;
    };
    out[id] = [await over(at), await over(at - h.hours * HOUR)];
  }
  return out;
}

/** The value and previous of the KPIs `ids` as the eval statement `sql` returns them. */
export async function evalValues(db: TestDatabase, sql: string, ids: string[]): Promise<Record<string, unknown[]>> {
  const rows = await db.query<{ kpi: string; value: unknown; previous: unknown }>(sql);
  return Object.fromEntries(rows.filter((r) => ids.includes(r.kpi)).map((r) => [r.kpi, [r.value, r.previous]]));
}
