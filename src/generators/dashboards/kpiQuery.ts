import type { Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { QUERY_VERSION, type KpiFigure, type KpiQuery, type KpiQueryType, type TrendMode } from '../../query/model';
import { KPI_DATASOURCE_TYPE } from '../datasources';
import { uids } from '../uid';

/** The KPI data source of a catalog, as dashboards refer to it. */
export function kpiDatasource(catalogName: string): DataSourceRef {
  return { type: KPI_DATASOURCE_TYPE, uid: uids.kpiDatasource(catalogName) };
}

interface QueryOptions {
  kpis?: string[];
  areas?: string[];
  mode?: TrendMode;
  step?: string;
  by?: string;
  /** KPI queries: only these fields, in this order. */
  figures?: KpiFigure[];
  /** Trend queries: false leaves out the target line. */
  targetLine?: boolean;
  /** Objectives queries: only these objectives (empty: all). */
  objectives?: string[];
}

/**
 * A builder of one KPI data source query in the data source's saved model (src/datasource/types.ts),
 * so the SDK's panel builders take it like any other target.
 */
export function kpiQuery(
  catalogName: string,
  refId: string,
  queryType: KpiQueryType,
  options: QueryOptions = {}
): { build: () => Dataquery } {
  const base = {
    refId,
    datasource: kpiDatasource(catalogName),
    version: QUERY_VERSION,
    kpis: options.kpis ?? [],
    areas: options.areas ?? [],
    owners: [],
    tags: [],
    filters: [],
  };
  let query: KpiQuery;
  switch (queryType) {
    case 'trend':
      query = {
        ...base,
        queryType,
        mode: options.mode ?? 'trend',
        step: options.step ?? 'auto',
        ...(options.targetLine === false ? { targetLine: false } : {}),
      };
      break;
    case 'breakdown':
      query = { ...base, queryType, by: options.by ?? '' };
      break;
    case 'kpi':
      query = { ...base, queryType, ...(options.figures ? { figures: options.figures } : {}) };
      break;
    case 'objectives':
      query = { ...base, queryType, objectives: options.objectives ?? [] };
      break;
    case 'backtest':
      query = { ...base, queryType, step: options.step ?? 'auto' };
      break;
    default:
      query = { ...base, queryType };
  }
  const model = { ...query, _implementsDataqueryVariant: () => undefined };
  return { build: () => model };
}
