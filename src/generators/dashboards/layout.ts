import type { Catalog, Kpi } from '../../core/catalog/model';

import { NO_AREA } from '../../core/compiler/alertQuery';

/** Areas in first-appearance order; KPIs without an area go under "General" (NO_AREA). */
export { NO_AREA };

export function areaOf(kpi: Kpi): string {
  return kpi.area ?? NO_AREA;
}

/** The catalog's areas, in the order their first KPI appears. */
export function areasOf(catalog: Catalog): string[] {
  return [...new Set(catalog.kpis.map(areaOf))];
}

/** The KPIs of one area, in catalog order. */
export function kpisOfArea(catalog: Catalog, area: string): Kpi[] {
  return catalog.kpis.filter((k) => areaOf(k) === area);
}

/**
 * The id of a KPI's Stat card, the same on the overview and on its area dashboard, so an alert
 * rule's `panelId` can point at it. Ids below 100 are the dashboards' fixed panels.
 */
export function kpiPanelId(catalog: Catalog, kpi: Kpi): number {
  return 100 + catalog.kpis.indexOf(kpi);
}

/** Cards per row on a 24-column grid. */
export const CARD = { w: 6, h: 6 };
