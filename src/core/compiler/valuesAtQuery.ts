import { Catalog } from '../catalog/model';
import { OpenKpiError } from '../errors';
import { quoteLiteral } from '../sql/quote';
import { epochMs } from './epoch';
import { DimensionFilter } from './filters';
import { KpiSqlContext, kpiById, valueAtSql } from './kpiSql';

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
export function compileValuesAt(catalog: Catalog, pairs: ValueAt[], filters: DimensionFilter[] = []): string {
  if (pairs.length === 0) {
    throw new OpenKpiError(`nothing to evaluate in catalog ${catalog.name}`);
  }
  const ctx: KpiSqlContext = { catalog, filters };
  const byKpi = new Map<string, Array<{ ord: number; at: Date }>>();
  pairs.forEach((p, ord) => byKpi.set(p.kpiId, [...(byKpi.get(p.kpiId) ?? []), { ord, at: p.at }]));
  const selects = [...byKpi.entries()].map(([id, points]) => {
    const kpi = kpiById(catalog, id);
    const values = points.map((p) => `(${p.ord}, ${quoteLiteral(p.at.toISOString())}::timestamptz)`).join(', ');
    return `SELECT p.ord, ${valueAtSql(ctx, kpi, 'p.at', 'current')} AS value\nFROM (VALUES ${values}) p(ord, at)`;
  });
  return `SELECT ord, value FROM (\n${selects.map((s) => `(${s})`).join('\nUNION ALL\n')}\n) v ORDER BY ord`;
}

/** The database's clock, as epoch milliseconds (`at_ms`): an evaluation at "now" reads it once. */
export function compileNow(): string {
  return `SELECT ${epochMs('now()')} AS at_ms`;
}
