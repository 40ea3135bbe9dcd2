import { formulaRefs } from '../catalog/formula';
import { Catalog, Compare, Kpi, Source } from '../catalog/model';
import { OpenKpiError } from '../errors';
import { absoluteInterval, Bounds, windowBounds, WindowBounds } from './windows';
import { DimensionFilter, filterConditions } from './filters';
import { formulaSql } from './formulaSql';
import { growthSql } from './growthSql';
import { measureSql, volumeSql } from './measures';
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

/** The KPI whose rows a growth KPI reads (the one it names); any other KPI itself. */
export function rowsKpi(catalog: Catalog, kpi: Kpi): Kpi {
  return kpi.measure.kind === 'growth' ? kpiById(catalog, kpi.measure.kpi) : kpi;
}

/** The minimum volume that judges a KPI: its own, or a growth KPI's named KPI's (docs/catalog.md: Minimum volume). */
export function minVolumeOf(catalog: Catalog, kpi: Kpi): number | undefined {
  return rowsKpi(catalog, kpi).minVolume;
}

/**
 * The KPIs that read source rows a KPI is computed from: itself, a growth KPI's named KPI,
 * or a formula's operands (transitively).
 */
export function baseKpis(catalog: Catalog, kpi: Kpi): Kpi[] {
  const seen = new Map<string, Kpi>();
  const visit = (k: Kpi) => {
    if (k.measure.kind === 'growth') {
      visit(rowsKpi(catalog, k));
    } else if (k.measure.kind === 'formula') {
      formulaRefs(k.measure.ast).forEach((id) => visit(kpiById(catalog, id)));
    } else {
      seen.set(k.id, k);
    }
  };
  visit(kpi);
  return [...seen.values()];
}

/** `[bounds.from, bounds.to)` on the source's time column. */
export function inBounds(source: Source, bounds: Bounds): string[] {
  const time = timeColumn(source);
  return [`${time} >= ${bounds.from}`, `${time} < ${bounds.to}`];
}

/** The rows a row KPI aggregates, in any window: the manual KPI's own rows, KPI filter, dimension filters. */
export function kpiRowConditions(ctx: KpiSqlContext, kpi: Kpi, source: Source): { own: string[]; filters: string[] } {
  return {
    own: ownRowsConditions(source, kpi),
    filters: [...(kpi.filter ? [`(${kpi.filter})`] : []), ...filterConditions(kpi, source, ctx.filters)],
  };
}

/** The rows a row KPI aggregates over `[bounds.from, bounds.to)`: window, KPI filter, dimension filters. */
export function rowConditions(ctx: KpiSqlContext, kpi: Kpi, source: Source, bounds: Bounds): string[] {
  const { own, filters } = kpiRowConditions(ctx, kpi, source);
  return [...own, ...inBounds(source, bounds), ...filters];
}

/** A row KPI's measure over `[bounds.from, bounds.to)`, as a scalar subquery. */
function measureOver(ctx: KpiSqlContext, kpi: Kpi, bounds: Bounds): string {
  if (kpi.measure.kind === 'formula' || kpi.measure.kind === 'growth') {
    throw new OpenKpiError(`KPI ${kpi.id} is a ${kpi.measure.kind} KPI, not an aggregate over rows`);
  }
  const source = sourceOf(ctx.catalog, kpi);
  const where = whereClause(rowConditions(ctx, kpi, source, bounds));
  return `(SELECT ${measureSql(kpi.measure, timeColumn(source))} ${fromClause(source)} ${where})`;
}

/** The windows of a KPI at `anchor`; a growth KPI's are its named KPI's (window and compare). */
export function kpiWindows(ctx: KpiSqlContext, kpi: Kpi, anchor: string, compare?: Compare): WindowBounds {
  const own = rowsKpi(ctx.catalog, kpi);
  return windowBounds(own.window, anchor, ctx.catalog.timezone, compare ?? own.compare);
}

/**
 * A KPI's value with its own window at `anchor`, over the current or the comparison window.
 * Formulas recurse with their own `compare` for every operand. A growth KPI compares its
 * named KPI's current and comparison windows; its previous is the growth at the end of that
 * comparison window (docs/catalog.md: Comparison period, Growth KPIs).
 */
export function valueAtSql(
  ctx: KpiSqlContext,
  kpi: Kpi,
  anchor: string,
  which: 'current' | 'previous',
  compare?: Compare
): string {
  const m = kpi.measure;
  if (m.kind === 'formula') {
    const mode = compare ?? kpi.compare;
    return formulaSql(m.ast, (id) => valueAtSql(ctx, kpiById(ctx.catalog, id), anchor, which, mode));
  }
  if (m.kind === 'growth') {
    const named = kpiById(ctx.catalog, m.kpi);
    const at = which === 'current' ? anchor : kpiWindows(ctx, named, anchor).previous.to;
    return growthSql(valueAtSql(ctx, named, at, 'current'), valueAtSql(ctx, named, at, 'previous'));
  }
  return measureOver(ctx, kpi, kpiWindows(ctx, kpi, anchor, compare)[which]);
}

/**
 * A KPI's measure over fixed bounds, ignoring its window (series buckets); formula operands
 * likewise. A growth KPI compares the bucket with `comparison` (the bucket it is compared with).
 */
export function valueOverSql(
  ctx: KpiSqlContext,
  kpi: Kpi,
  bounds: Bounds,
  comparison?: (named: Kpi) => Bounds
): string {
  const m = kpi.measure;
  if (m.kind === 'formula') {
    return formulaSql(m.ast, (id) => valueOverSql(ctx, kpiById(ctx.catalog, id), bounds, comparison));
  }
  if (m.kind === 'growth') {
    const named = kpiById(ctx.catalog, m.kpi);
    if (!comparison) {
      throw new OpenKpiError(`KPI ${kpi.id} is a growth KPI: its buckets need a comparison bucket`);
    }
    return growthSql(measureOver(ctx, named, bounds), measureOver(ctx, named, comparison(named)));
  }
  return measureOver(ctx, kpi, bounds);
}

/**
 * The volume of a KPI over its current window at `anchor` (docs/catalog.md: Minimum volume): rows passing the KPI
 * filter and the measure's own filter; a growth KPI counts its named KPI's rows. NULL for a
 * formula (it has no rows of its own).
 */
export function volumeAtSql(ctx: KpiSqlContext, kpi: Kpi, anchor: string): string {
  const own = rowsKpi(ctx.catalog, kpi);
  if (own.measure.kind === 'formula' || own.measure.kind === 'growth') {
    return 'NULL::double precision';
  }
  const source = sourceOf(ctx.catalog, own);
  const where = whereClause(rowConditions(ctx, own, source, kpiWindows(ctx, own, anchor).current));
  return `(SELECT ${volumeSql(own.measure)} ${fromClause(source)} ${where})`;
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
  if (bases.length === 1) {
    return lastDataSql(ctx, bases[0], anchor);
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
