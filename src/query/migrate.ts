import { withDefaults } from './defaults';
import { KpiQuery, KpiQueryType, QUERY_VERSION } from './model';

const TYPES: KpiQueryType[] = ['kpi', 'scorecard', 'trend', 'breakdown', 'objectives', 'backtest'];

/**
 * Brings a saved query of any version to the current model, so old dashboards keep working.
 * Version 0 is a query without a version (hand-written JSON, provisioned dashboards): it may name one
 * KPI as `kpi`, one filter as `dimension` + `value`, the type as `type`, and the Trend mode `series`.
 */
export function migrateQuery(saved: Record<string, unknown> & { refId?: string }): KpiQuery {
  const version = typeof saved.version === 'number' ? saved.version : 0;
  let q: Record<string, unknown> = { ...saved };
  if (version < 1) {
    q = migrateV0(q);
  }
  // Later steps go here: `if (version < 2) { q = migrateV1(q); }`.
  return withDefaults({ ...q, version: QUERY_VERSION } as Parameters<typeof withDefaults>[0]);
}

function migrateV0(q: Record<string, unknown>): Record<string, unknown> {
  const out = { ...q };
  if (!TYPES.includes(out.queryType as KpiQueryType) && TYPES.includes(out.type as KpiQueryType)) {
    out.queryType = out.type;
  }
  delete out.type;
  if (typeof out.kpi === 'string' && out.kpi !== '') {
    const kpis = Array.isArray(out.kpis) ? (out.kpis as string[]) : [];
    out.kpis = kpis.includes(out.kpi) ? kpis : [out.kpi, ...kpis];
  }
  delete out.kpi;
  if (typeof out.dimension === 'string' && typeof out.value === 'string') {
    const filters = Array.isArray(out.filters) ? out.filters : [];
    out.filters = [...filters, { dimension: out.dimension, values: [out.value] }];
  }
  delete out.dimension;
  delete out.value;
  if (out.mode === 'series') {
    out.mode = 'trend';
  }
  return out;
}
