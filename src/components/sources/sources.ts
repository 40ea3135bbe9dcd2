import type { DataSourceInstanceSettings } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import type { Kpi } from '../../core/catalog/model';
import { LoadedCatalog, loadCatalogFrom } from '../../datasource/catalog';
import type { PostgresRef } from '../../datasource/grafanaRunner';
import { KpiDataSourceOptions, POSTGRES_TYPES, readsRollups } from '../../datasource/types';
import { KPI_DATASOURCE_TYPE } from '../../constants';

/** One OpenKPI data source instance with its catalog read from jsonData (valid, or its problems). */
export interface KpiSource {
  uid: string;
  name: string;
  loaded: LoadedCatalog;
  /** The PostgreSQL data source its SQL runs on (absent: not configured). */
  postgres?: PostgresRef;
  /** The pages read rollups as its panels do (on unless its settings turn them off). */
  rollups: boolean;
}

/** Every KPI data source instance the viewer can see, each with its validated catalog. */
export function kpiSources(): KpiSource[] {
  const list = getDataSourceSrv().getList({ type: KPI_DATASOURCE_TYPE }) as Array<
    DataSourceInstanceSettings<KpiDataSourceOptions>
  >;
  // The same validation the data source runs, so the pages and the panels agree on what is valid.
  return list.map((ds) => ({
    uid: ds.uid,
    name: ds.name,
    loaded: loadCatalogFrom(ds.jsonData),
    rollups: readsRollups(ds.jsonData),
    ...(ds.jsonData?.postgresUid
      ? { postgres: { uid: ds.jsonData.postgresUid, type: ds.jsonData.postgresType ?? POSTGRES_TYPES[0] } }
      : {}),
  }));
}

/** A KPI found in one source's catalog. */
export interface FoundKpi {
  source: KpiSource;
  kpi: Kpi;
}

/**
 * The KPI with this id: in the named data source when `dsUid` is given, else in the first source
 * (in Grafana's list order) whose valid catalog has it.
 */
export function findKpi(sources: KpiSource[], id: string, dsUid?: string | null): FoundKpi | undefined {
  for (const source of sources) {
    if (dsUid && source.uid !== dsUid) {
      continue;
    }
    const kpi = source.loaded.catalog?.kpis.find((k) => k.id === id);
    if (kpi) {
      return { source, kpi };
    }
  }
  return undefined;
}
