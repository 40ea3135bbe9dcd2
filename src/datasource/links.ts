import type { DataLink } from '@grafana/data';
import { PLUGIN_BASE_URL, ROUTES } from '../constants';

/**
 * The app's KPI page (`kpi/:id?ds=<uid>&from=…&to=…`): `id` may be a data-link variable; the
 * dashboard's time range rides along so the page evaluates at the same instant.
 */
function kpiPageUrl(id: string, dsUid?: string): string {
  const ds = dsUid ? `ds=${encodeURIComponent(dsUid)}&` : '';
  return `${PLUGIN_BASE_URL}/${ROUTES.Kpi}/${id}?${ds}\${__url_time_range}`;
}

/** A data link to a known KPI's page. */
export function kpiLink(id: string, dsUid?: string): DataLink {
  return { title: 'Open KPI', url: kpiPageUrl(encodeURIComponent(id), dsUid) };
}

/** A data link for table rows: the KPI id comes from the row's `id` field. */
export function rowKpiLink(dsUid?: string): DataLink {
  return { title: 'Open KPI', url: kpiPageUrl('${__data.fields.id}', dsUid) };
}
