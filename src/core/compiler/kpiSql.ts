import { formulaRefs } from '../catalog/formula';
import { Catalog, Kpi, Source } from '../catalog/model';
import { OpenKpiError } from '../errors';
import { absoluteInterval, Bounds, windowBounds } from './windows';
import { DimensionFilter, filterConditions } from './filters';
import { formulaSql } from './formulaSql';
import { measureSql } from './measures';
import { fromClause, ownRowsConditions, sourceOf, timeColumn, whereClause } from './sources';

/** What every KPI expression of one request shares. */
export interface KpiSqlContext {
  catalog: Catalog;
  filters: DimensionFilter[];
}

/** The KPI with this id, or a clear error. */
export function kpiById(catalog: Catalog, id: string): Kpi {
  const kpi = catalog.kpis.find((k) => k.id === id);
  if (!kpi) {
    throw new OpenKpiError(`unknown KPI "${id}" in catalog ${catalog.name}`);
  }
  return kpi;
}

/** The non-formula KPIs a KPI is computed from (itself, or a formula's operands, transitively). */
export function baseKpis(catalog: Catalog, kpi: Kpi): Kpi[] {
  const seen = new Map<string, Kpi>();
  const visit = (k: Kpi) => {
    if (k.measure.kind !== 'formula') {
      seen.set(k.id, k);
      return;
    }
    formulaRefs(k.measure.ast).forEach((id) => visit(kpiById(catalog, id)));
  };
  visit(kpi);
  return [...seen.values()];
}

/** The rows a non-formula KPI aggregates over `[bounds.from, bounds.to)`: window, KPI filter, dimension filters. */
export function rowConditions(ctx: KpiSqlContext, kpi: Kpi, source: Source, bounds: Bounds): string[] {
  const time = timeColumn(source);
  return [
    ...ownRowsConditions(source, kpi),
    `${time} >= ${bounds.from}`,
    `${time} < ${bounds.to}`,
    ...(kpi.filter ? [`(${kpi.filter})`] : []),
    ...filterConditions(kpi, source, ctx.filters),
  ];
}

/** A non-formula KPI's measure over `[bounds.from, bounds.to)`, as a scalar subquery. */
function measureOver(ctx: KpiSqlContext, kpi: Kpi, bounds: Bounds): string {
  if (kpi.measure.kind === 'formula') {
    throw new OpenKpiError(`KPI ${kpi.id} is a formula`);
  }
  const source = sourceOf(ctx.catalog, kpi);
  const where = whereClause(rowConditions(ctx, kpi, source, bounds));
  return `(SELECT ${measureSql(kpi.measure, timeColumn(source))} ${fromClause(source)} ${where})`;
}

/** A KPI's value with its own window at `anchor` (current or previous window); formulas recurse. */
export function valueAtSql(ctx: KpiSqlContext, kpi: Kpi, anchor: string, which: 'current' | 'previous'): string {
  if (kpi.measure.kind === 'formula') {
    return formulaSql(kpi.measure.ast, (id) => valueAtSql(ctx, kpiById(ctx.catalog, id), anchor, which));
  }
  return measureOver(ctx, kpi, windowBounds(kpi.window, anchor, ctx.catalog.timezone)[which]);
}

/** A KPI's measure over fixed bounds, ignoring its window (series buckets); formula operands likewise. */
export function valueOverSql(ctx: KpiSqlContext, kpi: Kpi, bounds: Bounds): string {
  if (kpi.measure.kind === 'formula') {
    return formulaSql(kpi.measure.ast, (id) => valueOverSql(ctx, kpiById(ctx.catalog, id), bounds));
  }
  return measureOver(ctx, kpi, bounds);
}

/** Latest source time before the anchor, with no window and no filter (a manual KPI: its own rows). */
function lastDataSql(ctx: KpiSqlContext, kpi: Kpi, anchor: string): string {
  const source = sourceOf(ctx.catalog, kpi);
  const time = timeColumn(source);
  const conditions = [...ownRowsConditions(source, kpi), `${time} < ${anchor}`];
  return `(SELECT max(${time}) ${fromClause(source)} ${whereClause(conditions)})`;
}

/** lastDataAt (timestamptz): for a formula, the earliest of its operands', null if any has none. */
export function lastDataAtSql(ctx: KpiSqlContext, kpi: Kpi, anchor: string): string {
  const bases = baseKpis(ctx.catalog, kpi);
  if (bases.length === 1 && bases[0] === kpi) {
    return lastDataSql(ctx, kpi, anchor);
  }
  const values = bases.map((b) => `(${lastDataSql(ctx, b, anchor)})`).join(', ');
  return `(SELECT CASE WHEN bool_and(x IS NOT NULL) THEN min(x) END FROM (VALUES ${values}) v(x))`;
}

/** stale (boolean): a source with freshness whose data is missing or older than at − freshness. */
export function staleSql(ctx: KpiSqlContext, kpi: Kpi, anchor: string): string {
  const checks = baseKpis(ctx.catalog, kpi).flatMap((b) => {
    const source = sourceOf(ctx.catalog, b);
    if (source.freshnessMs === undefined) {
      return [];
    }
    const limit = `(${anchor} - ${absoluteInterval(source.freshnessMs)})`;
    // No data at all compares as NULL, which is stale.
    return [`coalesce(${lastDataSql(ctx, b, anchor)} >= ${limit}, false) = false`];
  });
  return checks.length === 0 ? 'false' : `(${checks.join(' OR ')})`;
}
