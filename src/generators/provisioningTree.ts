import { alertRulesDocument } from './alertRules';
import { appsDocument, dashboardProvidersDocument, datasourcesDocument } from './datasources';
import { catalogDashboards } from './dashboards';
import {
  checkContactEnvironment,
  contactPointsDocument,
  DEFAULT_CONTACT_POINTS,
  policiesDocument,
} from './notificationPolicies';
import { OpenKpiError } from '../core/errors';
import { BuildOptions, CatalogInput, DEFAULT_OPTIONS } from './options';
import { GeneratedFile, jsonFile, yamlFile } from './yamlFile';

export type { GeneratedFile } from './yamlFile';

/** Where Grafana reads file provisioning from: `DIR/provisioning` mounts at /etc/grafana/provisioning. */
export const PROVISIONING_DIR = 'provisioning';
/** Dashboards JSON, one directory per catalog: `DIR/dashboards` mounts at `options.dashboardsPath`. */
export const DASHBOARDS_DIR = 'dashboards';

/**
 * The whole tree a stock Grafana loads with file provisioning, from catalogs alone: data sources,
 * the app, dashboard providers and dashboards, alert rules; OpenKPI's contact points and the
 * policy tree only when asked (docs/provisioning.md says what each file does to a Grafana).
 * Pure: the CLI writes the files. Paths use `/` and are relative to the output directory.
 */
export function provisioningTree(inputs: CatalogInput[], options: BuildOptions = DEFAULT_OPTIONS): GeneratedFile[] {
  const names = new Set<string>();
  for (const { catalog } of inputs) {
    if (names.has(catalog.name)) {
      throw new Error(`two catalogs are named ${catalog.name}: catalog names must be unique in one tree`);
    }
    names.add(catalog.name);
  }
  const p = PROVISIONING_DIR;
  if (options.policies && !options.contactPoints) {
    throw new OpenKpiError("--policies routes to OpenKPI's own contact points: add --contact-points");
  }
  if (options.contactPoints) {
    checkContactEnvironment(options.environment ?? {});
  }
  // With OpenKPI's own contact points, rules route to them unless the catalog or flags choose others.
  const defaults = options.contactPoints ? DEFAULT_CONTACT_POINTS : {};
  const ruleOptions = (catalog: CatalogInput['catalog']) => ({
    contactPoints: { ...defaults, ...(catalog.alerting?.contactPoints ?? {}), ...(options.routing ?? {}) },
    grafanaUrl: options.grafanaUrl,
  });
  return [
    yamlFile(`${p}/datasources/openkpi.yaml`, datasourcesDocument(inputs, options)),
    yamlFile(`${p}/plugins/openkpi.yaml`, appsDocument()),
    yamlFile(`${p}/dashboards/openkpi.yaml`, dashboardProvidersDocument(inputs, options)),
    ...inputs.flatMap(({ catalog }) =>
      catalogDashboards(catalog).map((d) => jsonFile(`${DASHBOARDS_DIR}/${catalog.name}/${d.file}`, d.dashboard))
    ),
    ...inputs.map(({ catalog }) =>
      yamlFile(`${p}/alerting/rules-${catalog.name}.yaml`, alertRulesDocument(catalog, ruleOptions(catalog)))
    ),
    ...(options.contactPoints ? [yamlFile(`${p}/alerting/contact-points.yaml`, contactPointsDocument())] : []),
    ...(options.policies ? [yamlFile(`${p}/alerting/policies.yaml`, policiesDocument())] : []),
  ];
}
