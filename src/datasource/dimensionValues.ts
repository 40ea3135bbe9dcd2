import type { Catalog } from '../core/catalog/model';
import { fromClause, ROW } from '../core/compiler/sources';
import { OpenKpiError } from '../core/errors';
import type { SqlRunner } from '../core/evaluation/runner';
import { quoteIdent } from '../core/sql/quote';

/** More distinct values than this is not a variable a viewer can pick from. */
export const MAX_VALUES = 1000;

/**
 * SQL listing the distinct values of a declared dimension over every source declaring it.
 * The core has no statement for this (it is a data-source concern), so it is built here from the
 * core's own quoting and FROM clause; the dimension is checked against the catalog first.
 */
export function dimensionValuesSql(catalog: Catalog, dimension: string): string {
  const sources = Object.values(catalog.sources).filter((s) => s.dimensions.includes(dimension));
  if (sources.length === 0) {
    throw new OpenKpiError(`dimension "${dimension}" is not declared on any source of catalog ${catalog.name}`);
  }
  const parts = sources.map((s) => `SELECT ${ROW}.${quoteIdent(dimension)}::text AS value ${fromClause(s)}`);
  return [
    `SELECT value FROM (\n${parts.join('\nUNION ALL\n')}\n) v`,
    'WHERE value IS NOT NULL',
    // GROUP BY rather than DISTINCT: DISTINCT forbids ordering by the collated expression.
    'GROUP BY value',
    'ORDER BY value COLLATE "C"',
    `LIMIT ${MAX_VALUES}`,
  ].join('\n');
}

/** The distinct values of a declared dimension, sorted. */
export async function dimensionValues(catalog: Catalog, dimension: string, runner: SqlRunner): Promise<string[]> {
  const rows = await runner.query(dimensionValuesSql(catalog, dimension));
  return rows.map((r) => String(r.value));
}
