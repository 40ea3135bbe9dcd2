import { Catalog, Kpi } from '../catalog/model';
import { OpenKpiError } from '../errors';
import { quoteLiteral } from '../sql/quote';
import { Anchor, anchorSql } from './anchor';
import { epochMs } from './epoch';
import { DimensionFilter } from './filters';
import { KpiSqlContext, kpiById, lastDataAtSql, staleSql, valueAtSql } from './kpiSql';
import { targetSql } from './targets';
import { windowBounds } from './windows';

/** Which KPIs to evaluate, at which instant, for which dimension values. */
export interface EvalRequest {
  /** KPI ids; all KPIs in catalog order when absent. */
  kpiIds?: string[];
  at: Anchor;
  filters?: DimensionFilter[];
}

/** The columns of an eval row, in order. Instants are epoch ms; figures double precision. */
export const EVAL_COLUMNS = [
  'kpi',
  'at_ms',
  'value',
  'previous',
  'window_from_ms',
  'window_to_ms',
  'previous_from_ms',
  'previous_to_ms',
  'last_data_at_ms',
  'stale',
  'target',
  'warning',
  'critical',
] as const;

/** The KPIs a request names, in request order (catalog order by default). */
export function requestedKpis(catalog: Catalog, kpiIds?: string[]): Kpi[] {
  return kpiIds === undefined ? catalog.kpis : kpiIds.map((id) => kpiById(catalog, id));
}

/** One SELECT of a KPI's eval row, over `a.at`. */
function kpiRow(ctx: KpiSqlContext, kpi: Kpi, ord: number): string {
  const at = 'a.at';
  const tz = ctx.catalog.timezone;
  const window = windowBounds(kpi.window, at, tz);
  const t = targetSql(kpi, at, tz);
  const columns = [
    `${quoteLiteral(kpi.id)}::text`,
    epochMs(at),
    valueAtSql(ctx, kpi, at, 'current'),
    valueAtSql(ctx, kpi, at, 'previous'),
    epochMs(window.current.from),
    epochMs(window.current.to),
    epochMs(window.previous.from),
    epochMs(window.previous.to),
    epochMs(lastDataAtSql(ctx, kpi, at)),
    staleSql(ctx, kpi, at),
    t.target,
    t.warning,
    t.critical,
  ];
  const select = columns.map((c, i) => `  ${c} AS ${EVAL_COLUMNS[i]}`).join(',\n');
  return `SELECT\n  ${ord} AS ord,\n${select}\nFROM anchor a`;
}

/**
 * One statement that evaluates every requested KPI at the anchor: one row per KPI, in
 * request order. The anchor is computed once, so `now()` is the same instant for all KPIs.
 */
export function compileEval(catalog: Catalog, request: EvalRequest): string {
  const ctx: KpiSqlContext = { catalog, filters: request.filters ?? [] };
  const kpis = requestedKpis(catalog, request.kpiIds);
  if (kpis.length === 0) {
    throw new OpenKpiError(`nothing to evaluate: catalog ${catalog.name} has no KPIs`);
  }
  const rows = kpis.map((k, i) => `(${kpiRow(ctx, k, i)})`).join('\nUNION ALL\n');
  return `WITH anchor AS (SELECT ${anchorSql(request.at)} AS at)\nSELECT ${EVAL_COLUMNS.join(', ')} FROM (\n${rows}\n) kpis ORDER BY ord`;
}
