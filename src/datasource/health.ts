import type { TestDataSourceResponse } from '@grafana/data';
import { formatProblem } from '../core/catalog/problems';
import { NOW } from '../core/compiler/anchor';
import { PING_SQL, sourceProbeSql } from '../core/compiler/catalogQueries';
import { evaluateKpis } from '../core/evaluation/evaluate';
import { messageOf, SqlRunner } from '../core/evaluation/runner';
import { LoadedCatalog } from './catalog';
import { roleWarnings } from './roleWarnings';

function failure(message: string): TestDataSourceResponse {
  return { status: 'error', message };
}

export { sourceProbeSql };

/**
 * "Save & test": the catalog validates, the PostgreSQL data source answers, every source (table or
 * SQL, with its time and dimension columns) can be queried, and every KPI compiles and runs now.
 * The first failure is reported, naming the source or KPI. When all that works, a role that can
 * write or read beyond the catalog's sources is a warning (viewers can send any SQL it allows).
 */
export async function checkHealth(
  postgresUid: string | undefined,
  loaded: LoadedCatalog,
  runner: SqlRunner
): Promise<TestDataSourceResponse> {
  if (!postgresUid) {
    return failure('Choose a PostgreSQL data source');
  }
  const catalog = loaded.catalog;
  if (!catalog) {
    const shown = loaded.problems.slice(0, 5).map(formatProblem);
    return failure(`The catalog has ${loaded.problems.length} problem(s): ${shown.join('; ')}`);
  }
  try {
    await runner.query(PING_SQL);
  } catch (e) {
    return failure(`The PostgreSQL data source did not answer: ${messageOf(e)}`);
  }
  for (const source of Object.values(catalog.sources)) {
    try {
      await runner.query(sourceProbeSql(source));
    } catch (e) {
      return failure(`Source ${source.name} cannot be queried: ${messageOf(e)}`);
    }
  }
  if (catalog.kpis.length === 0) {
    return failure(`Catalog ${catalog.name} has no KPIs`);
  }
  let result;
  try {
    result = await evaluateKpis(catalog, { at: NOW }, runner);
  } catch (e) {
    return failure(`Catalog ${catalog.name}: ${messageOf(e)}`);
  }
  const failed = result.kpis.filter((k) => k.status === 'error');
  if (failed.length > 0) {
    return failure(`KPI ${failed.map((k) => k.error ?? `${k.name} (${k.id})`).join('; ')}`);
  }
  const sources = Object.keys(catalog.sources).length;
  const message = `Catalog ${catalog.name}: ${catalog.kpis.length} KPIs and ${sources} sources evaluated on PostgreSQL`;
  let warnings: string[];
  try {
    warnings = await roleWarnings(catalog, runner);
  } catch (e) {
    warnings = [`the role's privileges could not be checked: ${messageOf(e)}`];
  }
  if (warnings.length === 0) {
    return { status: 'success', message };
  }
  // Grafana shows `status` as the alert's severity: the catalog works, the role is too wide.
  return {
    status: 'warning',
    message: `${message}, but ${warnings.join('; ')}`,
    details: {
      message:
        'Viewers can send any SQL this role allows. Give the PostgreSQL data source a read-only role limited to the catalog’s sources, with a statement timeout (docs/security.md).',
    },
  };
}
