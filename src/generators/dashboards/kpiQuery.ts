import type { Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { withDefaults } from '../../query/defaults';
import type { KpiFigure, KpiQueryType, TrendMode } from '../../query/model';
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
 * A builder of one KPI data source query in the data source's saved model, so the SDK's panel
 * builders take it like any other target. The query is src/query's `withDefaults` of the options:
 * a generated panel saves exactly what the query editor would, with the same defaults.
 */
export function kpiQuery(
  catalogName: string,
  refId: string,
  queryType: KpiQueryType,
  options: QueryOptions = {}
): { build: () => Dataquery } {
  const query = withDefaults({ refId, datasource: kpiDatasource(catalogName), queryType, ...options }, queryType);
  // The saved model's keys in a stable order (identity, selector, type, then the type's own fields).
  const order = ['refId', 'datasource', 'version', 'kpis', 'areas', 'owners', 'tags', 'filters', 'queryType'];
  const rest = ['mode', 'step', 'targetLine', 'by', 'figures', 'objectives', 'warning', 'critical'];
  const fields = Object.entries(query).filter(([, v]) => v !== undefined);
  const rank = (k: string) => [...order, ...rest].indexOf(k);
  fields.sort(([a], [b]) => (rank(a) === -1 ? 99 : rank(a)) - (rank(b) === -1 ? 99 : rank(b)));
  const model = { ...Object.fromEntries(fields), _implementsDataqueryVariant: () => undefined };
  return { build: () => model };
}
