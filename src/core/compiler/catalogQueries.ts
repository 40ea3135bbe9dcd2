import { Catalog, Source } from '../catalog/model';
import { OpenKpiError } from '../errors';
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
