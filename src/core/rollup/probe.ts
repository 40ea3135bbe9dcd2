import type { Catalog } from '../catalog/model';
import type { SqlRunner } from '../evaluation/runner';
import { quoteLiteral } from '../sql/quote';
import { hllProbeSql, withHllTables } from './hllExtension';
import { rollupPlans, RollupPlan, SCHEMA, STATE_TABLE } from './plan';

/**
 * The statement that lists which of the catalog's rollup tables exist and this role may read
 * (never fails: it reads pg_class, which every role can). pg_class lists tables whatever the
 * grants, so the privileges are asked too: a role without `SELECT` on `openkpi.*` (or `USAGE` on
 * the schema) sees none, and reads raw rows instead of failing on "permission denied".
 */
export function rollupProbeSql(plans: RollupPlan[]): string {
  const names = [STATE_TABLE[1], ...plans.flatMap((p) => [p.table[1], p.sketchTable[1], p.dayTable[1]])].map(
    quoteLiteral
  );
  const tables = [
    'SELECT c.relname AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace',
    `WHERE n.nspname = ${quoteLiteral(SCHEMA)} AND c.relname = ANY (ARRAY[${names.join(', ')}]::name[])`,
    `AND pg_catalog.has_schema_privilege(n.oid, 'USAGE') AND pg_catalog.has_table_privilege(c.oid, 'SELECT')`,
  ].join(' ');
  // Distinct-count sketches of the hll extension: their tables, and the extension's schema.
  const hll = hllProbeSql(plans);
  return hll === undefined
    ? tables
    : `${tables.replace('c.relname AS name', 'c.relname::text AS name, NULL::text AS hll_schema')} UNION ALL ${hll}`;
}

/**
 * The catalog's rollups that exist in the database and the role may read (its three tables and the state table): the
 * compiler may then read them. Whether one is fresh and of this catalog's definition is checked
 * inside the compiled statement, so a stale one is read as raw rows.
 */
export async function availableRollups(catalog: Catalog, runner: SqlRunner): Promise<RollupPlan[]> {
  const plans = rollupPlans(catalog);
  if (plans.length === 0) {
    return [];
  }
  const rows = await runner.query(rollupProbeSql(plans));
  const present = new Set(rows.map((r) => String(r.name)));
  if (!present.has(STATE_TABLE[1])) {
    return [];
  }
  return withHllTables(
    plans.filter((p) => [p.table, p.sketchTable, p.dayTable].every((t) => present.has(t[1]))),
    rows
  );
}

/**
 * The rollups to read, or none when asking failed: rollups are an optimisation, never a reason
 * for an error (the statements then read raw rows, as without rollups).
 */
export function rollupsOrNone(catalog: Catalog, runner: SqlRunner): Promise<RollupPlan[]> {
  return availableRollups(catalog, runner).catch(() => []);
}
