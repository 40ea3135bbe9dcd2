import { Catalog } from '../catalog/model';
import { OpenKpiError } from '../errors';
import { quoteIdent } from '../sql/quote';
import { Anchor, anchorSql } from './anchor';
import { assertDimension, DimensionFilter } from './filters';
import { KpiSqlContext, kpiById, rowConditions } from './kpiSql';
import { measureSql } from './measures';
import { fromClause, ROW, sourceOf, timeColumn, whereClause } from './sources';
import { windowBounds } from './windows';

/** A KPI per value of one declared dimension, over its window at the anchor. */
export interface BreakdownRequest {
  kpiId: string;
  by: string;
  at: Anchor;
  filters?: DimensionFilter[];
}

/**
 * One statement returning `key, value` per dimension value, keys ascending (byte order,
 * so the same everywhere) with the null key last.
 */
export function compileBreakdown(catalog: Catalog, request: BreakdownRequest): string {
  const kpi = kpiById(catalog, request.kpiId);
  if (kpi.measure.kind === 'formula') {
    throw new OpenKpiError(`KPI ${kpi.id} is a formula KPI: break down the KPIs it uses instead`);
  }
  const source = sourceOf(catalog, kpi);
  assertDimension(kpi, source, request.by);
  const ctx: KpiSqlContext = { catalog, filters: request.filters ?? [] };
  const window = windowBounds(kpi.window, anchorSql(request.at), catalog.timezone).current;
  const conditions = rowConditions(ctx, kpi, source, window);
  const key = `${ROW}.${quoteIdent(request.by)}::text`;
  return [
    `SELECT ${key} AS key, ${measureSql(kpi.measure, timeColumn(source))} AS value`,
    fromClause(source),
    whereClause(conditions),
    `GROUP BY 1`,
    `ORDER BY ${key} COLLATE "C" ASC NULLS LAST`,
  ].join('\n');
}
