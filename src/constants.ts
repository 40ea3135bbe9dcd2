import pluginJson from './plugin.json';

export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

/**
 * The app's routes, relative to PLUGIN_BASE_URL. A new page: a value here, a line in
 * src/components/App/App.tsx's PAGES, and (to show it in the menu) an entry in src/plugin.json.
 */
export enum ROUTES {
  /** Every KPI of a KPI data source with its status now, worst first (the default page). */
  Scorecard = 'scorecard',
  /** Every KPI of every OpenKPI data source by area, with its definition. */
  Catalog = 'catalog',
  /** One KPI: `kpi/:id?ds=<uid>&from=…&to=…`, the target of the data links on KPI panels. */
  Kpi = 'kpi',
  /** Publish the catalogs' folders, dashboards and alert rules into this Grafana (docs/publish.md). */
  Publish = 'publish',
  /** The KPI editor: `editor?ds=<uid>[&kpi=<id>]` (a new KPI without `kpi`). */
  Editor = 'editor',
  /** The catalog's objectives and key results: `objectives?ds=<uid>`. */
  Objectives = 'objectives',
}

/** Plugin id of the nested KPI data source (hard-coded: the build rewrites %PLUGIN_ID% to the app's id). */
export const KPI_DATASOURCE_TYPE = 'openkpi-kpi-datasource';

/** The time range the KPI page evaluates over when the URL names none: the KPI is evaluated at its end. */
export const DEFAULT_RANGE = { from: 'now-30d', to: 'now' };

/** A route of the app as an absolute URL path (`prefixRoute(ROUTES.Kpi)` → `/a/<app id>/kpi`). */
export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}
