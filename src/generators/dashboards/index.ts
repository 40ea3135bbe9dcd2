/* eslint-disable @typescript-eslint/no-deprecated -- the v1 dashboard model is what Grafana 12's file provisioning reads; dashboardv2 needs the Kubernetes dashboard API */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Catalog } from '../../core/catalog/model';
import { areaDashboard } from './area';
import { detailDashboard } from './detail';
import { areasOf } from './layout';
import { objectivesDashboard } from './objectives';
import { overviewDashboard } from './overview';

/** A dashboard and its file name inside the catalog's dashboards directory. */
export interface DashboardFile {
  file: string;
  dashboard: Dashboard;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Every dashboard of a catalog: overview, one per area, KPI detail, and objectives when it has any. */
export function catalogDashboards(catalog: Catalog): DashboardFile[] {
  if (catalog.kpis.length === 0) {
    return [];
  }
  return [
    { file: 'overview.json', dashboard: overviewDashboard(catalog) },
    ...areasOf(catalog).map((area, i) => ({
      file: `area-${String(i + 1).padStart(2, '0')}-${slug(area) || 'area'}.json`,
      dashboard: areaDashboard(catalog, area),
    })),
    { file: 'kpi-detail.json', dashboard: detailDashboard(catalog) },
    ...objectivesFiles(catalog),
  ];
}

function objectivesFiles(catalog: Catalog): DashboardFile[] {
  const dashboard = objectivesDashboard(catalog);
  return dashboard ? [{ file: 'objectives.json', dashboard }] : [];
}
