import { alertRulesDocument } from './alertRules';
import { appsDocument, dashboardProvidersDocument, datasourcesDocument } from './datasources';
import { catalogDashboards } from './dashboards';
import { contactPointsDocument, policiesDocument } from './notificationPolicies';
import { BuildOptions, CatalogInput, DEFAULT_OPTIONS } from './options';
import { GeneratedFile, jsonFile, yamlFile } from './yamlFile';

export type { GeneratedFile } from './yamlFile';

/** Where Grafana reads file provisioning from: `DIR/provisioning` mounts at /etc/grafana/provisioning. */
export const PROVISIONING_DIR = 'provisioning';
/** Dashboards JSON, one directory per catalog: `DIR/dashboards` mounts at `options.dashboardsPath`. */
export const DASHBOARDS_DIR = 'dashboards';

/**
 * The whole tree a stock Grafana loads with file provisioning, from catalogs alone: data sources,
 * the app, dashboard providers and dashboards, alert rules, contact points and policies.
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
  return [
    yamlFile(`${p}/datasources/openkpi.yaml`, datasourcesDocument(inputs, options)),
    yamlFile(`${p}/plugins/openkpi.yaml`, appsDocument()),
    yamlFile(`${p}/dashboards/openkpi.yaml`, dashboardProvidersDocument(inputs, options)),
    ...inputs.flatMap(({ catalog }) =>
      catalogDashboards(catalog).map((d) => jsonFile(`${DASHBOARDS_DIR}/${catalog.name}/${d.file}`, d.dashboard))
    ),
    ...inputs.map(({ catalog }) => yamlFile(`${p}/alerting/rules-${catalog.name}.yaml`, alertRulesDocument(catalog))),
    yamlFile(`${p}/alerting/contact-points.yaml`, contactPointsDocument()),
    yamlFile(`${p}/alerting/policies.yaml`, policiesDocument()),
  ];
}
