import { Catalog, Kpi } from '../catalog/model';
import { OpenKpiError } from '../errors';
import { quoteLiteral } from '../sql/quote';
import { epochMs } from './epoch';
import { DimensionFilter } from './filters';
import { KpiSqlContext, kpiById, kpiWindows, valueAtSql } from './kpiSql';
import type { RollupPlan } from '../rollup/plan';
import { rollupValueSql } from '../rollup/read';

/** One KPI value to compute: the KPI with its own window at an instant. */
export interface ValueAt {
  kpiId: string;
  at: Date;
}

/**
 * One statement returning `ord, value` for each requested (KPI, instant) pair, ordered by the
 * pair's position: objectives need each key result's KPI at its own instants (now or the due
 * date, and the objective's start). Pairs of one KPI share one SELECT over a VALUES list of
 * their instants, so a KPI's SQL appears once however many instants it is evaluated at.
 */
export function compileValuesAt(
  catalog: Catalog,
  pairs: ValueAt[],
  filters: DimensionFilter[] = [],
  rollups: RollupPlan[] = []
): string {
  if (pairs.length === 0) {
    throw new OpenKpiError(`nothing to evaluate in catalog ${catalog.name}`);
  }
  const ctx: KpiSqlContext = { catalog, filters };
  const byKpi = new Map<string, Array<{ ord: number; at: Date }>>();
  pairs.forEach((p, ord) => byKpi.set(p.kpiId, [...(byKpi.get(p.kpiId) ?? []), { ord, at: p.at }]));
  const selects = [...byKpi.entries()].map(([id, points]) => {
    const kpi = kpiById(catalog, id);
    const values = points.map((p) => `(${p.ord}, ${quoteLiteral(p.at.toISOString())}::timestamptz)`).join(', ');
    return `SELECT p.ord, ${valueAt(ctx, kpi, rollups)} AS value\nFROM (VALUES ${values}) p(ord, at)`;
  });
  return `SELECT ord, value FROM (\n${selects.map((s) => `(${s})`).join('\nUNION ALL\n')}\n) v ORDER BY ord`;
}

/**
 * A KPI's value at `p.at`: from its rollup's closed hours and raw edges when one answers it
 * exactly (docs/rollups.md), else from raw rows. Key results carry no "approximate" mark, so a
 * sketch never answers them; formula and growth KPIs read raw rows.
 */
function valueAt(ctx: KpiSqlContext, kpi: Kpi, rollups: RollupPlan[]): string {
  const row = kpi.measure.kind !== 'formula' && kpi.measure.kind !== 'growth';
  const read =
    row && rollups.length > 0
      ? rollupValueSql(ctx.catalog, kpi, kpiWindows(ctx, kpi, 'p.at').current, ctx.filters, rollups)
      : undefined;
  return read && !read.approximate ? read.sql : valueAtSql(ctx, kpi, 'p.at', 'current');
}

/** The database's clock, as epoch milliseconds (`at_ms`): an evaluation at "now" reads it once. */
export function compileNow(): string {
  return `SELECT ${epochMs('now()')} AS at_ms`;
}
