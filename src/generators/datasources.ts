import { escapeDeep, escapeDollars } from './dollar';
import { BuildOptions, CatalogInput } from './options';
import { uids } from './uid';

/** The app plugin (its nested KPI data source is disabled while the app is). */
export const APP_ID = 'openkpi-scorecard-app';
/** Grafana's PostgreSQL data source type (`postgres` is the older alias). */
export const POSTGRES_TYPE = 'grafana-postgresql-datasource';
/** The nested KPI data source (hard-coded: the build rewrites %PLUGIN_ID% to the app's id). */
export const KPI_DATASOURCE_TYPE = 'openkpi-kpi-datasource';

/** The name a catalog's KPI data source has in Grafana. */
export function kpiDatasourceName(catalog: CatalogInput['catalog']): string {
  return `OpenKPI ${catalog.title ?? catalog.name}`;
}

/**
 * `provisioning/datasources/openkpi.yaml`: one PostgreSQL data source (the alert rules query it;
 * the password comes from the environment into secureJsonData) and one KPI data source per
 * catalog, with the catalog document in jsonData and the PostgreSQL uid it runs on.
 */
export function datasourcesDocument(inputs: CatalogInput[], options: BuildOptions): object {
  const pg = options.postgres;
  const postgres = {
    name: 'OpenKPI PostgreSQL',
    type: POSTGRES_TYPE,
    uid: uids.postgres,
    orgId: 1,
    access: 'proxy',
    url: pg.host,
    user: pg.user,
    editable: false,
    jsonData: { database: pg.database, sslmode: pg.sslmode, postgresVersion: 1600, timescaledb: false },
    secureJsonData: { password: pg.password },
  };
  const kpis = inputs.map(({ catalog, document }) => ({
    name: escapeDollars(kpiDatasourceName(catalog)),
    type: KPI_DATASOURCE_TYPE,
    uid: uids.kpiDatasource(catalog.name),
    orgId: 1,
    access: 'proxy',
    // Never the default: that would replace the user's default data source (and clash with others).
    isDefault: false,
    editable: false,
    // Grafana interpolates jsonData: `$` in the catalog's SQL must reach the data source as written.
    jsonData: { postgresUid: uids.postgres, postgresType: POSTGRES_TYPE, catalog: escapeDeep(document) },
  }));
  // No deleteDatasources: Grafana updates a provisioned data source in place (same name and uid).
  return { apiVersion: 1, datasources: [postgres, ...kpis] };
}

/** `provisioning/plugins/openkpi.yaml`: the app enabled (its nested data source needs it). */
export function appsDocument(): object {
  return { apiVersion: 1, apps: [{ type: APP_ID, org_id: 1, disabled: false, jsonData: {} }] };
}

/**
 * `provisioning/dashboards/openkpi.yaml`: one file provider per catalog, each with its own
 * folder over the catalog's subdirectory. The folder is named, not given a uid: alert rule
 * provisioning finds or creates folders by title, so both must look it up the same way.
 */
export function dashboardProvidersDocument(inputs: CatalogInput[], options: BuildOptions): object {
  return {
    apiVersion: 1,
    providers: inputs.map(({ catalog }) => ({
      name: `openkpi-${catalog.name}`,
      orgId: 1,
      type: 'file',
      folder: escapeDollars(folderTitle(catalog)),
      disableDeletion: false,
      allowUiUpdates: false,
      updateIntervalSeconds: 30,
      options: { path: `${options.dashboardsPath}/${catalog.name}`, foldersFromFilesStructure: false },
    })),
  };
}

/**
 * The Grafana folder of a catalog's dashboards and alert rules, one title for both. Alert-rule
 * provisioning reads `folder` as a path (`a/b` is folder b inside a) while a dashboard provider's
 * `folder` is one title, so a `/` in the catalog title would split them: it becomes `-`.
 */
export function folderTitle(catalog: CatalogInput['catalog']): string {
  return `OpenKPI: ${catalog.title ?? catalog.name}`.replace(/\//g, '-');
}
