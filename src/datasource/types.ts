import type { DataSourceJsonData } from '@grafana/data';

/** Settings stored in the data source's `jsonData` (visible to every viewer: no secrets here). */
export interface KpiDataSourceOptions extends DataSourceJsonData {
  /** Uid of the Grafana PostgreSQL data source the compiled SQL runs on. */
  postgresUid?: string;
  /** Its plugin type: `grafana-postgresql-datasource` or the older `postgres`. */
  postgresType?: string;
  /** The catalog, same schema as the YAML files (provisioned from a file or edited in the UI). */
  catalog?: unknown;
  /**
   * The catalog as last typed in the editor (comments and layout kept). When present it is what
   * runs, so a saved edit is never silently replaced by an older catalog; provisioning sets only
   * `catalog`.
   */
  catalogText?: string;
  /**
   * Read the rollups `openkpi rollup` maintains (docs/rollups.md: The Grafana data source): each
   * refresh first asks which of the catalog's rollup tables exist and this role may read, then
   * reads their fresh closed hours. Unset means on; `false` (an admin's choice) reads raw rows only.
   */
  rollups?: boolean;
}

/** Whether a data source with these settings reads rollups: unless an admin turned it off. */
export function readsRollups(jsonData: Pick<KpiDataSourceOptions, 'rollups'> | undefined): boolean {
  return jsonData?.rollups !== false;
}

/** Plugin types of Grafana's PostgreSQL data source, current id first. */
export const POSTGRES_TYPES = ['grafana-postgresql-datasource', 'postgres'];
