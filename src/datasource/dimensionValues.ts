import type { Catalog } from '../core/catalog/model';
import { dimensionValuesSql, MAX_VALUES } from '../core/compiler/catalogQueries';
import type { SqlRunner } from '../core/evaluation/runner';

export { MAX_VALUES, dimensionValuesSql };

/** The distinct values of a declared dimension, sorted. */
export async function dimensionValues(catalog: Catalog, dimension: string, runner: SqlRunner): Promise<string[]> {
  const rows = await runner.query(dimensionValuesSql(catalog, dimension));
  return rows.map((r) => String(r.value));
}
