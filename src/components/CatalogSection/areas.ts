import type { Kpi } from '../../core/catalog/model';

/** The heading of KPIs that name no area. */
export const NO_AREA = 'No area';

/** KPIs of one area, in catalog order. */
export interface AreaGroup {
  area: string;
  kpis: Kpi[];
}

/** Groups KPIs by area: areas in order of first appearance, KPIs without an area last. */
export function groupByArea(kpis: Kpi[]): AreaGroup[] {
  const groups = new Map<string, Kpi[]>();
  for (const kpi of kpis) {
    const area = kpi.area ?? NO_AREA;
    groups.set(area, [...(groups.get(area) ?? []), kpi]);
  }
  const areas = [...groups.keys()].filter((a) => a !== NO_AREA);
  if (groups.has(NO_AREA)) {
    areas.push(NO_AREA);
  }
  return areas.map((area) => ({ area, kpis: groups.get(area) as Kpi[] }));
}
