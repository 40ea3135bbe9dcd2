import { DataSourceInstanceSettings, PluginType } from '@grafana/data';
import { KpiDataSource } from '../../src/datasource/datasource';
import type { KpiDataSourceOptions } from '../../src/datasource/types';

/** The PostgreSQL data source the KPI data source's settings point at in the integration tests. */
export const TEST_PG = { uid: 'pg-main', type: 'grafana-postgresql-datasource' };

type TestJsonData = Omit<KpiDataSourceOptions, 'postgresUid' | 'postgresType'>;

/**
 * The settings Grafana instantiates a KPI data source from: `jsonData` beyond the PostgreSQL data
 * source it runs through (the catalog, `rollups`, …) comes from the test.
 */
export function testKpiSettings(
  jsonData: TestJsonData,
  uid = 'openkpi'
): DataSourceInstanceSettings<KpiDataSourceOptions> {
  return {
    id: 1,
    uid,
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
}

/** A KPI data source from testKpiSettings. */
export function testKpiDataSource(jsonData: TestJsonData): KpiDataSource {
  return new KpiDataSource(testKpiSettings(jsonData));
}
