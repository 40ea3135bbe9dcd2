import type { Catalog } from '../core/catalog/model';
import { ALERT_KINDS } from '../core/compiler/alertQuery';
import { EVALUATION_INTERVAL, RULE_GROUP, rulesOf } from '../generators/alertRules';
import { catalogDashboards } from '../generators/dashboards';
import { areasOf } from '../generators/dashboards/layout';
import { folderTitle } from '../generators/datasources';
import { ContactPoints, contactPointsOf } from '../generators/routing';
import { uids } from '../generators/uid';
import type { RuleGroup } from './grafanaApi';

/** The Grafana data sources a catalog's dashboards and rules run on, found in the target Grafana. */
export interface Targets {
  kpiDatasourceUid: string;
  postgresUid: string;
}

export interface DesiredFolder {
  uid: string;
  title: string;
  parentUid?: string;
}

export interface DesiredDashboard {
  uid: string;
  title: string;
  folderUid: string;
  dashboard: Record<string, unknown> & { uid: string; title: string; tags?: string[] };
}

/** Everything one catalog puts into a Grafana. */
export interface DesiredCatalog {
  catalog: Catalog;
  folders: DesiredFolder[];
  dashboards: DesiredDashboard[];
  ruleGroup?: RuleGroup;
  /** Contact point names the rules route to. */
  receivers: string[];
}

export interface DesiredOptions {
  /** Area folders inside the catalog's folder (Grafana with nested folders). */
  nestedFolders: boolean;
  contactPoints?: ContactPoints;
  grafanaUrl?: string;
}

/** Seconds of a `5m`-style duration (the provisioning API takes the group interval in seconds). */
function seconds(duration: string): number {
  const m = /^(\d+)([smhd])$/.exec(duration);
  if (!m) {
    throw new Error(`not a duration: ${duration}`);
  }
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

/**
 * The generators write the uids file provisioning creates (`openkpi-postgres`, `okpi-ds-…`);
 * in someone else's Grafana the data sources already exist under their own uids. Every string
 * that names one is re-pointed (query datasource refs, rule `datasourceUid`, `?ds=` links).
 */
function retarget<T>(value: T, replace: Array<[string, string]>): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      return replace.reduce((s, [from, to]) => s.split(from).join(to), v);
    }
    if (Array.isArray(v)) {
      return v.map(walk);
    }
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}

/** What publishing one catalog should leave in Grafana: the same generators as `openkpi build`. */
export function desiredCatalog(catalog: Catalog, targets: Targets, options: DesiredOptions): DesiredCatalog {
  const replace: Array<[string, string]> = [
    [uids.kpiDatasource(catalog.name), targets.kpiDatasourceUid],
    [uids.postgres, targets.postgresUid],
  ];
  const root: DesiredFolder = { uid: uids.folder(catalog.name), title: folderTitle(catalog) };
  const areaFolders = options.nestedFolders
    ? areasOf(catalog).map((area) => ({ uid: uids.areaFolder(catalog.name, area), title: area, parentUid: root.uid }))
    : [];
  const folderOfArea = (area: string) => (options.nestedFolders ? uids.areaFolder(catalog.name, area) : root.uid);
  const dashboards = catalogDashboards(catalog).map(({ file, dashboard }) => {
    const plain = retarget(JSON.parse(JSON.stringify(dashboard)) as DesiredDashboard['dashboard'], replace);
    const area = file.startsWith('area-')
      ? areasOf(catalog).find((a) => uids.area(catalog.name, a) === plain.uid)
      : undefined;
    return { uid: plain.uid, title: plain.title, folderUid: area ? folderOfArea(area) : root.uid, dashboard: plain };
  });
  const rules = rulesOf(catalog, { contactPoints: options.contactPoints, grafanaUrl: options.grafanaUrl });
  const ruleGroup: RuleGroup | undefined =
    rules.length === 0
      ? undefined
      : {
          title: RULE_GROUP,
          folderUid: root.uid,
          interval: seconds(EVALUATION_INTERVAL),
          rules: rules.map(({ rule }) =>
            retarget({ ...JSON.parse(JSON.stringify(rule)), folderUID: root.uid, ruleGroup: RULE_GROUP }, replace)
          ),
        };
  const chosen = contactPointsOf(catalog, options.contactPoints);
  const used = new Set(rules.map((r) => r.kind));
  const receivers = [
    ...new Set(ALERT_KINDS.filter((k) => used.has(k)).flatMap((k) => (chosen[k] ? [chosen[k]!] : []))),
  ];
  return { catalog, folders: [root, ...areaFolders], dashboards, ruleGroup, receivers };
}
