import { Catalog, Source } from '../catalog/model';
import { OpenKpiError } from '../errors';
import { quoteLiteral } from '../sql/quote';
import { ident } from './names';
import { fromClause, ROW } from './sources';

/** More distinct values than this is not a variable a viewer can pick from. */
export const MAX_VALUES = 1000;

/** The data source's health check: does PostgreSQL answer at all. */
export const PING_SQL = 'SELECT 1 AS ok';

/** A statement that reads no rows but fails if the source or one of its declared columns is missing. */
export function sourceProbeSql(source: Source): string {
  const columns = [source.time, ...source.dimensions].map((c) => `${ROW}.${ident(c)}`);
  return `SELECT ${columns.join(', ')} ${fromClause(source)} LIMIT 0`;
}

/**
 * The distinct values of a declared dimension over every source declaring it, sorted by byte
 * order, at most MAX_VALUES; the dimension is checked against the catalog first.
 */
export function dimensionValuesSql(catalog: Catalog, dimension: string): string {
  const sources = Object.values(catalog.sources).filter((s) => s.dimensions.includes(dimension));
  if (sources.length === 0) {
    throw new OpenKpiError(`dimension "${dimension}" is not declared on any source of catalog ${catalog.name}`);
  }
  const parts = sources.map((s) => `SELECT ${ROW}.${ident(dimension)}::text AS value ${fromClause(s)}`);
  return [
    `SELECT value FROM (\n${parts.join('\nUNION ALL\n')}\n) v`,
    'WHERE value IS NOT NULL',
    // GROUP BY rather than DISTINCT: DISTINCT forbids ordering by the collated expression.
    'GROUP BY value',
    'ORDER BY value COLLATE "C"',
    `LIMIT ${MAX_VALUES}`,
  ].join('\n');
}

/** Rows of privilegesSql per kind, at most: enough to name some and count. */
export const MAX_PRIVILEGE_ROWS = 1000;

/** What privilegesSql reports, one row each: `kind` with the schema and relation it concerns. */
export type PrivilegeKind = 'superuser' | 'write' | 'create' | 'read' | 'no_timeout';

/**
 * What the role the statements run as may do beyond reading the catalog's sources: superuser,
 * tables it can write, schemas it can create in, tables it can read that are not a table source
 * of the catalog (SQL sources are matched by name by the caller), and no statement timeout.
 * OpenKPI's own schema (manual measurements, rollups) and PostgreSQL's catalogs are not counted.
 */
export function privilegesSql(catalog: Catalog): string {
  const own = Object.values(catalog.sources)
    .filter((s) => s.table !== undefined)
    .map((s) => `(to_regclass(${quoteLiteral((s.table ?? []).map(ident).join('.'))}))`);
  const userSchema = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'openkpi') AND n.nspname !~ '^pg_'";
  const relations = [
    'FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace',
    `WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${userSchema}`,
  ].join(' ');
  const notOwn =
    own.length > 0 ? ` AND c.oid NOT IN (SELECT o FROM (VALUES ${own.join(', ')}) v(o) WHERE o IS NOT NULL)` : '';
  const part = (kind: PrivilegeKind, columns: string, rest: string) =>
    `(SELECT '${kind}' AS kind, ${columns} ${rest} LIMIT ${MAX_PRIVILEGE_ROWS})`;
  const none = 'NULL::text AS schema, NULL::text AS name';
  const relation = 'n.nspname::text, c.relname::text';
  // Byte order: the names shown are the same on every server.
  const byName = 'ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"';
  return [
    part('superuser', none, 'FROM pg_roles WHERE rolname = current_user AND rolsuper'),
    part(
      'write',
      relation,
      `${relations} AND has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE') ${byName}`
    ),
    part(
      'create',
      'n.nspname::text, NULL::text',
      `FROM pg_namespace n WHERE ${userSchema} AND has_schema_privilege(n.oid, 'CREATE') ORDER BY n.nspname COLLATE "C"`
    ),
    part('read', relation, `${relations} AND has_table_privilege(c.oid, 'SELECT')${notOwn} ${byName}`),
    part('no_timeout', 'NULL::text, NULL::text', "WHERE current_setting('statement_timeout') = '0'"),
  ].join('\nUNION ALL\n');
}
