import { hasPermission } from '@grafana/runtime';

/**
 * Whether the signed-in user may edit data sources (Grafana's `datasources:write`, an org admin's
 * by default): the KPI editor saves the catalog into the KPI data source's settings. The data
 * source's own access-control metadata decides for one instance (see the editor's save).
 */
export function mayEditDataSources(): boolean {
  return hasPermission('datasources:write');
}
