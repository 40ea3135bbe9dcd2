import type { Catalog, Kpi, Source } from '../catalog/model';
import { DimensionFilter, filterConditions } from '../compiler/filters';
import { fromClause, ownRowsConditions, ROW, timeColumn } from '../compiler/sources';
import { quoteIdent } from '../sql/quote';
import { isSketch, measurePlan, partialKey, PartialDef, partialSql } from './partials';
import { ceilHour, closedBeforeSql, closedHoursEndSql, columnOf, planOf, rawEdgesSql, RollupPlan } from './plan';
import { rolledConditions } from './read';

/**
 * A breakdown (a KPI per value of one dimension over its window) from a fresh rollup: the rollup's
 * closed whole hours of the window in the grouping set of that dimension, raw rows at the edges,
 * merged per value. A value appears where raw rows would give it one: some row of the window
 * passes the KPI's filter (a rollup row exists per hour and value, whatever the filter, so a KPI
 * with a filter needs its `count(*)` partial to tell). Undefined when the rollup cannot answer.
 */
export interface RolledBreakdown {
  /** `key, value` per dimension value (unordered). */
  sql: string;
  table: string;
}

export function rolledBreakdownSql(
  catalog: Catalog,
  kpi: Kpi,
  source: Source,
  by: string,
  window: { from: string; to: string },
  filters: DimensionFilter[],
  plans: RollupPlan[]
): RolledBreakdown | undefined {
  const plan = planOf(plans, kpi);
  const measure = plan && measurePlan(catalog, kpi, source);
  if (!plan || !measure || measure.partials.some(isSketch) || filters.some((f) => f.dimension !== by)) {
    return undefined;
  }
  const rolled = rolledConditions(source, filters, by);
  const presence: PartialDef | undefined =
    kpi.filter === undefined ? undefined : { kind: 'count', condition: `(${kpi.filter})` };
  const defs = new Map<string, PartialDef>();
  [...measure.partials, ...(presence ? [presence] : [])].forEach((d) => defs.set(partialKey(d), d));
  let names: Map<string, string>;
  try {
    names = new Map([...defs.entries()].map(([k, d]) => [k, columnOf(plan, d)]));
  } catch {
    return undefined;
  }
  if (!rolled) {
    return undefined;
  }
  const t = timeColumn(source);
  const col = (d: PartialDef) => names.get(partialKey(d))!;
  const key = `${ROW}.${quoteIdent(by)}::text`;
  const raw = [...defs.values()].map((d) => `${partialSql(d, { time: t })} AS ${col(d)}`);
  const rolledColumns = [...new Set([...defs.values()].map(col))].map((c) => `r.${c}`);
  const where = [
    ...ownRowsConditions(source, kpi),
    ...(kpi.filter ? [`(${kpi.filter})`] : []),
    ...filterConditions(kpi, source, filters),
    rawEdgesSql(t, 'w'),
  ];
  const sql = [
    `WITH w AS (SELECT wf, wt, lo, ${closedHoursEndSql('lo', 'wt', closedBeforeSql(plan))} AS hi`,
    `  FROM (SELECT wf, wt, ${ceilHour('wf')} AS lo FROM (SELECT ${window.from} AS wf, ${window.to} AS wt) b) c),`,
    `parts AS (SELECT ${key} AS key, ${raw.join(', ')} ${fromClause(source)}, w WHERE ${where.join(' AND ')} GROUP BY 1`,
    `  UNION ALL SELECT r.${quoteIdent(by)} AS key, ${rolledColumns.join(', ')} FROM ${quoteIdent(plan.table)} r, w`,
    `  WHERE ${['r.hour >= w.lo', 'r.hour < w.hi', ...rolled('r')].join(' AND ')})`,
    `SELECT key, ${measure.merge(col, { rows: () => '' })} AS value FROM parts`,
    `GROUP BY key${presence ? ` HAVING sum(${col(presence)}) > 0` : ''}`,
  ].join('\n');
  return { sql, table: plan.table.join('.') };
}
