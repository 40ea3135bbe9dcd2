import type { DataLink } from '@grafana/data';
import { PLUGIN_BASE_URL } from '../constants';

/** The app page of one KPI (the app's `kpi/:id` route); `urlTemplate` may hold a data-link variable. */
export function kpiPageUrl(urlTemplate: string): string {
  return `${PLUGIN_BASE_URL}/kpi/${urlTemplate}`;
}

/** A data link to a known KPI's page, keeping the dashboard's time range. */
export function kpiLink(id: string): DataLink {
  return { title: 'Open KPI', url: `${kpiPageUrl(encodeURIComponent(id))}?\${__url_time_range}` };
}

/** A data link for table rows: the KPI id comes from the row's `id` field. */
export const ROW_KPI_LINK: DataLink = {
  title: 'Open KPI',
  url: `${kpiPageUrl('${__data.fields.id}')}?\${__url_time_range}`,
};
