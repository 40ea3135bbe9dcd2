/**
 * Distinct-count sketches from the `hll` extension (github.com/citusdata/postgresql-hll) where the
 * database has it: beside the plain-SQL registers of `_sketches` (sketches.ts), `openkpi rollup`
 * keeps `openkpi.<name>_hll`, one `hll` value per hour, grouping set, dimension value and
 * distinct-count partial, and a window's count is the extension's union of its hours' values and
 * of the raw edge rows: about 25 ms for 720 hours where merging the plain registers takes seconds.
 *
 * The sketch is the same HyperLogLog: 2^14 registers (log2m 14, standard error 0.81 %), 5-bit
 * registers, so the stated 2 % holds. Unions are exact (the union of the hours' sketches is the
 * sketch of their rows). OpenKPI never creates the extension: the admin does
 * (`CREATE EXTENSION hll`), and without it everything reads the plain-SQL registers.
 *
 * The table has its own state row (`<name>_hll` in rollup_state, same definition digest), refreshed
 * in the same transaction as the rollup: a window reads the hll table only up to that row's closed
 * boundary and raw rows after it, as the rollup itself is read. Browser-safe: no Node imports.
 */
import type { Source } from '../catalog/model';
import { fromClause, timeColumn } from '../compiler/sources';
import { quoteIdent, quoteLiteral } from '../sql/quote';
import type { SketchDef } from './partials';
import { closedBeforeSql, closedHoursEndSql, groupBy, RollupPlan, SCHEMA } from './plan';
import { HLL_P } from './sketches';

/** The extension's name in `pg_extension`. */
export const HLL_EXTENSION = 'hll';
/** Bits per register: 5 holds ranks up to 31, enough for 2^14 registers and 64-bit hashes. */
export const HLL_REGWIDTH = 5;

/** Where a rollup's extension sketches are: the table and the extension's schema (functions, type). */
export interface HllTable {
  table: string[];
  schema: string;
}

/** `openkpi.<name>_hll` of a rollup (the name stays within 63 bytes: tableName keeps it short). */
export function hllTableName(plan: RollupPlan): string[] {
  return [SCHEMA, `${plan.table[1]}_hll`];
}

/** The distinct-count sketch partials of a rollup (the ones the hll table holds). */
export function hllSketches(plan: RollupPlan): RollupPlan['sketches'] {
  return plan.sketches.filter((s) => s.def.kind === 'hll');
}

/** A function or type of the extension, qualified by its schema. */
function ext(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${name}`;
}

/** The extension's sketch of the values `e` of the rows aggregated (NULLs are skipped by the caller). */
export function hllAddAggSql(schema: string, e: string): string {
  return `${ext(schema, 'hll_add_agg')}(${ext(schema, 'hll_hash_text')}((${e})::text), ${HLL_P}, ${HLL_REGWIDTH})`;
}

/** The extension's schema when it is installed and this role may use it, else no row. */
export function hllExtensionSql(): string {
  return [
    'SELECT n.nspname::text AS hll_schema FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace',
    `WHERE e.extname = ${quoteLiteral(HLL_EXTENSION)} AND pg_catalog.has_schema_privilege(n.oid, 'USAGE')`,
    `AND EXISTS (SELECT 1 FROM pg_catalog.pg_proc p WHERE p.pronamespace = n.oid AND p.proname = 'hll_union_agg' AND pg_catalog.has_function_privilege(p.oid, 'EXECUTE'))`,
  ].join(' ');
}

/**
 * The probe's branches for the hll tables (`name`, `hll_schema`), appended with UNION ALL to
 * rollupProbeSql: each hll table that exists, has its sketch column and this role may read; and
 * the extension's schema when it is installed and usable. Undefined when no rollup has a
 * distinct-count sketch (the probe is then what it was).
 */
export function hllProbeSql(plans: RollupPlan[]): string | undefined {
  const names = plans.filter((p) => hllSketches(p).length > 0).map((p) => quoteLiteral(hllTableName(p)[1]));
  if (names.length === 0) {
    return undefined;
  }
  const tables = [
    'SELECT c.relname::text AS name, NULL::text AS hll_schema FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace',
    `WHERE n.nspname = ${quoteLiteral(SCHEMA)} AND c.relname = ANY (ARRAY[${names.join(', ')}]::name[])`,
    `AND pg_catalog.has_schema_privilege(n.oid, 'USAGE') AND pg_catalog.has_table_privilege(c.oid, 'SELECT')`,
    `AND EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'h' AND NOT a.attisdropped)`,
  ].join(' ');
  return `${tables} UNION ALL SELECT NULL::text AS name, x.hll_schema FROM (${hllExtensionSql()}) x`;
}

/**
 * The plans with `hll` set where the probe found both the hll table and the extension (rows of
 * rollupProbeSql: `name`, and `hll_schema` on the extension's row).
 */
export function withHllTables(plans: RollupPlan[], rows: Array<Record<string, unknown>>): RollupPlan[] {
  const schema = rows.map((r) => r.hll_schema).find((s): s is string => typeof s === 'string' && s !== '');
  if (schema === undefined) {
    return plans;
  }
  const present = new Set(rows.map((r) => r.name).filter((n) => typeof n === 'string'));
  return plans.map((p) => {
    const table = hllTableName(p);
    return hllSketches(p).length > 0 && present.has(table[1]) ? { ...p, hll: { table, schema } } : p;
  });
}

/** `CREATE TABLE` statements of the hll table (dropped first by the caller). */
export function createHllSql(plan: RollupPlan, schema: string): string[] {
  const table = quoteIdent(hllTableName(plan));
  const dims = plan.source.dimensions.map((d) => `${quoteIdent(d)} text`);
  return [
    `CREATE TABLE ${table} (hour timestamptz NOT NULL, grp int NOT NULL, ${[...dims, 'partial int NOT NULL', `h ${ext(schema, 'hll')} NOT NULL`].join(', ')})`,
    `CREATE INDEX ON ${table} (partial, grp, hour)`,
    `COMMENT ON TABLE ${table} IS ${quoteLiteral(`OpenKPI hourly distinct-count sketches (hll extension) of source ${plan.source.name} (catalog ${plan.catalog}); maintained by openkpi rollup`)}`,
  ];
}

/** The rows the hll sketch of a partial aggregates, besides the time window: its filter, non-null values. */
function sketchConditions(def: SketchDef): { e: string; where: string[] } {
  const e = def.expression === undefined ? 'NULL' : `(${def.expression})`;
  return { e, where: [...(def.condition ? [def.condition] : []), `(${e}) IS NOT NULL`] };
}

/** The statements that fill the hll table's hours `[from, to)` (SQL instants; after they were deleted). */
export function fillHllSql(plan: RollupPlan, schema: string, from: string, to: string): string[] {
  const t = timeColumn(plan.source);
  const keys = ['hour', 'grp', ...plan.source.dimensions.map(quoteIdent)];
  const g = groupBy(plan.source);
  return hllSketches(plan).map((s) => {
    const { e, where } = sketchConditions(s.def);
    const conditions = [`${t} >= ${from}`, `${t} < ${to}`, ...where];
    return `INSERT INTO ${quoteIdent(hllTableName(plan))} (${[...keys, 'partial', 'h'].join(', ')}) SELECT ${[...g.select, String(s.id), hllAddAggSql(schema, e)].join(', ')} ${fromClause(plan.source)} WHERE ${conditions.join(' AND ')} GROUP BY ${g.groupBy}`;
  });
}

/**
 * The distinct count of a sketch partial over the window of the read's CTE `w` (`wf`, `wt`): the
 * union of the hll table's sketches of the whole hours the hll table has closed, in the grouping
 * set and values of `rolled`, and of the extension's sketch of the raw rows at the edges (matching
 * `rawConditions`, the viewer's dimension filters). A scalar subquery (double precision, 0 without
 * values).
 */
export function hllDistinctSql(
  plan: RollupPlan,
  hll: HllTable,
  def: SketchDef,
  id: number,
  rawConditions: string[],
  rolled: (alias: string) => string[]
): string {
  const source: Source = plan.source;
  const t = timeColumn(source);
  const { e, where } = sketchConditions(def);
  const bounds = `SELECT w.wf, w.wt, w.lo, ${closedHoursEndSql('w.lo', 'w.wt', closedBeforeSql(plan, hllTableName(plan)[1]))} AS hi FROM w`;
  const edges = `((${t} >= hw.wf AND ${t} < least(hw.lo, hw.wt)) OR (${t} >= hw.hi AND ${t} < hw.wt))`;
  const raw = `SELECT ${hllAddAggSql(hll.schema, e)} AS h ${fromClause(source)}, hw WHERE ${[...rawConditions, edges, ...where].join(' AND ')}`;
  const hours = ['r.hour >= hw.lo', 'r.hour < hw.hi', ...rolled('r')];
  const rolledUp = `SELECT r.h FROM ${quoteIdent(hll.table)} r, hw WHERE r.partial = ${id} AND ${hours.join(' AND ')}`;
  return `(WITH hw AS (${bounds}) SELECT coalesce(${ext(hll.schema, 'hll_cardinality')}(${ext(hll.schema, 'hll_union_agg')}(u.h)), 0)::double precision FROM (${raw} UNION ALL ${rolledUp}) u)`;
}
