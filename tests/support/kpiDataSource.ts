import { DataSourceInstanceSettings, PluginType } from '@grafana/data';
import { KpiDataSource } from '../../src/datasource/datasource';
import type { KpiDataSourceOptions } from '../../src/datasource/types';

/** The PostgreSQL data source the KPI data source's settings point at in the integration tests. */
export const TEST_PG = { uid: 'pg-main', type: 'grafana-postgresql-datasource' };

/**
 * A KPI data source as Grafana instantiates it from its settings: `jsonData` beyond the PostgreSQL
 * data source it runs through (the catalog, `rollups`, …) comes from the test.
 */
export function testKpiDataSource(jsonData: Omit<KpiDataSourceOptions, 'postgresUid' | 'postgresType'>): KpiDataSource {
  const settings = {
    id: 1,
    uid: 'openkpi',
    type: 'openkpi-kpi-datasource',
    name: 'OpenKPI',
    access: 'proxy',
    readOnly: false,
    meta: {
      id: 'openkpi-kpi-datasource',
      name: 'OpenKPI',
      type: PluginType.datasource,
    } as DataSourceInstanceSettings['meta'],
    jsonData: { postgresUid: TEST_PG.uid, postgresType: TEST_PG.type, ...jsonData },
  } as DataSourceInstanceSettings<KpiDataSourceOptions>;
  return new KpiDataSource(settings);
}
