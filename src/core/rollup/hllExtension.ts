/**
 * Distinct-count sketches from the `hll` extension (github.com/citusdata/postgresql-hll) where the
 * database has it: beside the plain-SQL registers of `_sketches` (sketches.ts), `openkpi rollup`
 * keeps `openkpi.<name>_hll`, one `hll` value per hour, grouping set, dimension value and
 * distinct-count partial (and `_hll_days`, one per whole closed day), and a window's count is the
 * extension's union of its days' and hours' values and of the raw edge rows: milliseconds where
 * merging the plain registers takes seconds.
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
import {
  closedBeforeSql,
  closedHoursEndSql,
  floorDay,
  groupBy,
  hourAndDayRanges,
  rawEdgesSql,
  RollupPlan,
  SCHEMA,
  withWholeDaysSql,
} from './plan';
import { HLL_P } from './sketches';

/** The extension's name in `pg_extension`. */
export const HLL_EXTENSION = 'hll';
/** Bits per register: 5 holds ranks up to 31, enough for 2^14 registers and 64-bit hashes. */
export const HLL_REGWIDTH = 5;

/**
 * Where a rollup's extension sketches are: the hourly table, its day rows and the extension's
 * schema (functions, type).
 */
export interface HllTable {
  table: string[];
  days: string[];
  schema: string;
}

/** `openkpi.<name>_hll` of a rollup (the name stays within 63 bytes: tableName keeps it short). */
export function hllTableName(plan: RollupPlan): string[] {
  return [SCHEMA, `${plan.table[1]}_hll`];
}

/**
 * `openkpi.<name>_hll_days`: the hll table's columns with `day` (UTC day start) for `hour`, one row
 * per whole closed day: the union of that day's hourly sketches. A 30-day window then unions about
 * 30 day values and up to 46 hourly ones instead of 720 hourly ones.
 */
export function hllDaysTableName(plan: RollupPlan): string[] {
  return [SCHEMA, `${plan.table[1]}_hll_days`];
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
  const names = plans
    .filter((p) => hllSketches(p).length > 0)
    .flatMap((p) => [hllTableName(p)[1], hllDaysTableName(p)[1]])
    .map(quoteLiteral);
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
 * The plans with `hll` set where the probe found the hll table, its day rows and the extension
 * (rows of rollupProbeSql: `name`, and `hll_schema` on the extension's row). An hll table of an
 * earlier version without day rows is not read (the plain-SQL registers answer) until the next
 * `openkpi rollup` recreates it.
 */
export function withHllTables(plans: RollupPlan[], rows: Array<Record<string, unknown>>): RollupPlan[] {
  const schema = rows.map((r) => r.hll_schema).find((s): s is string => typeof s === 'string' && s !== '');
  if (schema === undefined) {
    return plans;
  }
  const present = new Set(rows.map((r) => r.name).filter((n) => typeof n === 'string'));
  return plans.map((p) => {
    const [table, days] = [hllTableName(p), hllDaysTableName(p)];
    return hllSketches(p).length > 0 && present.has(table[1]) && present.has(days[1])
      ? { ...p, hll: { table, days, schema } }
      : p;
  });
}

/** `CREATE TABLE` statements of the hll table and its day rows (dropped first by the caller). */
export function createHllSql(plan: RollupPlan, schema: string): string[] {
  const table = quoteIdent(hllTableName(plan));
  const days = quoteIdent(hllDaysTableName(plan));
  const dims = plan.source.dimensions.map((d) => `${quoteIdent(d)} text`);
  const columns = [...dims, 'partial int NOT NULL', `h ${ext(schema, 'hll')} NOT NULL`].join(', ');
  return [
    `CREATE TABLE ${table} (hour timestamptz NOT NULL, grp int NOT NULL, ${columns})`,
    `CREATE INDEX ON ${table} (partial, grp, hour)`,
    `CREATE TABLE ${days} (day timestamptz NOT NULL, grp int NOT NULL, ${columns})`,
    `CREATE INDEX ON ${days} (partial, grp, day)`,
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
 * The statement that fills the day rows of the days `[from, to)` (SQL instants on UTC day starts,
 * after those rows were deleted) from the hourly sketches: the union per day, set, value and
 * partial. Unions are exact, so a day row answers as its 24 hours do.
 */
export function fillHllDaysSql(plan: RollupPlan, schema: string, from: string, to: string): string {
  const keys = ['grp', ...plan.source.dimensions.map(quoteIdent), 'partial'];
  return `INSERT INTO ${quoteIdent(hllDaysTableName(plan))} (day, ${keys.join(', ')}, h) SELECT ${floorDay('hour')}, ${keys.join(', ')}, ${ext(schema, 'hll_union_agg')}(h) FROM ${quoteIdent(hllTableName(plan))} WHERE hour >= ${from} AND hour < ${to} GROUP BY 1, ${keys.join(', ')}`;
}

/**
 * The distinct count of a sketch partial over the window of the read's CTE `w` (`wf`, `wt`): the
 * union of the hll table's sketches of the whole hours the hll table has closed, in the grouping
 * set and values of `rolled`, and of the extension's sketch of the raw rows at the edges (matching
 * `rawConditions`, the viewer's dimension filters). A scalar subquery (double precision, 0 without
 * values); with `as: 'sketch'` the union itself (an `hll`, NULL without rows), for a statement
 * that unions further (compiler/trendHll.ts).
 */
export function hllDistinctSql(
  plan: RollupPlan,
  hll: HllTable,
  def: SketchDef,
  id: number,
  rawConditions: string[],
  rolled: (alias: string) => string[],
  as: 'count' | 'sketch' = 'count'
): string {
  const u = hllUnionParts(plan, hll, def, id, rawConditions, rolled);
  const union = `${ext(hll.schema, 'hll_union_agg')}(u.h)`;
  return `(${u.with} SELECT ${as === 'count' ? hllCardinalitySql(hll.schema, union) : union} FROM ${u.from})`;
}

/** The distinct count an `hll` value gives, 0 for NULL (no rows), as double precision. */
export function hllCardinalitySql(schema: string, h: string): string {
  return `coalesce(${ext(schema, 'hll_cardinality')}(${h}), 0)::double precision`;
}

/** The union's CTE (`hw`: the closed hours and days of the window) and its rows `u (h)`. */
function hllUnionParts(
  plan: RollupPlan,
  hll: HllTable,
  def: SketchDef,
  id: number,
  rawConditions: string[],
  rolled: (alias: string) => string[]
): { with: string; from: string } {
  const source: Source = plan.source;
  const t = timeColumn(source);
  const { e, where } = sketchConditions(def);
  // [lo, hi): the closed whole hours of the hll table; [dlo, dhi) inside them: its whole days.
  const hours = `SELECT w.wf, w.wt, w.lo, ${closedHoursEndSql('w.lo', 'w.wt', closedBeforeSql(plan, hllTableName(plan)[1]))} AS hi FROM w`;
  const edges = rawEdgesSql(t, 'hw');
  const raw = `SELECT ${hllAddAggSql(hll.schema, e)} AS h ${fromClause(source)}, hw WHERE ${[...rawConditions, edges, ...where].join(' AND ')}`;
  const read = (table: string[], range: string[]) =>
    `SELECT r.h FROM ${quoteIdent(table)} r, hw WHERE ${[`r.partial = ${id}`, ...range, ...rolled('r')].join(' AND ')}`;
  const rolledUp = hourAndDayRanges('hw')
    .map((r) => read(r.days ? hll.days : hll.table, r.range))
    .join(' UNION ALL ');
  return { with: `WITH hw AS (${withWholeDaysSql(hours)})`, from: `(${raw} UNION ALL ${rolledUp}) u` };
}
