import type { MetricFindValue } from '@grafana/data';
import type { Catalog } from '../core/catalog/model';
import { OpenKpiError } from '../core/errors';
import type { SqlRunner } from '../core/evaluation/runner';
import { breakdownDimensions } from '../core/compiler/breakdownDimensions';
import { kpiById } from '../core/compiler/kpiSql';
import { dimensionValues } from './dimensionValues';

/** Variable queries the data source answers; shown in the editor's help. */
export const VARIABLE_QUERIES = [
  'areas()',
  'owners()',
  'tags()',
  'kpis()',
  'objectives()',
  'dimensions()',
  'dimensions(<kpi>)',
  'values(<dimension>)',
];

const QUERY = /^\s*(areas|owners|tags|kpis|objectives|dimensions|values)\s*(?:\(\s*([^)]*?)\s*\))?\s*$/;

function distinct(values: Array<string | undefined>): MetricFindValue[] {
  const set = new Set(values.filter((v): v is string => v !== undefined && v !== ''));
  return [...set].sort().map((text) => ({ text, value: text }));
}

/**
 * Answers a template-variable query: `areas()`, `owners()`, `tags()`, `kpis()` (text = name,
 * value = id), `objectives()` (text = title, value = id), `dimensions()` (every declared one),
 * `dimensions(<kpi>)` (those the KPI can be broken down by, the core's breakdownDimensions: a KPI
 * dashboard's "Breakdown by") or `values(<dimension>)` (distinct values from PostgreSQL).
 */
export async function metricFind(catalog: Catalog, query: string, runner: SqlRunner): Promise<MetricFindValue[]> {
  const m = QUERY.exec(query);
  if (!m) {
    throw new OpenKpiError(`unknown variable query "${query}": use ${VARIABLE_QUERIES.join(', ')}`);
  }
  const [, kind, arg] = m;
  switch (kind) {
    case 'areas':
      return distinct(catalog.kpis.map((k) => k.area));
    case 'owners':
      return distinct(catalog.kpis.map((k) => k.owner));
    case 'tags':
      return distinct(catalog.kpis.flatMap((k) => k.tags));
    case 'kpis':
      return catalog.kpis.map((k) => ({ text: k.name, value: k.id }));
    case 'objectives':
      return (catalog.objectives ?? []).map((o) => ({ text: o.title, value: o.id }));
    case 'dimensions':
      if (arg) {
        return breakdownDimensions(catalog, kpiById(catalog, arg)).map((d) => ({ text: d, value: d }));
      }
      return distinct(Object.values(catalog.sources).flatMap((s) => s.dimensions));
    default: {
      if (!arg) {
        throw new OpenKpiError('values() needs a dimension, e.g. values(team)');
      }
      const values = await dimensionValues(catalog, arg, runner);
      return values.map((v) => ({ text: v, value: v }));
    }
  }
}
