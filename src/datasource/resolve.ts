import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import type { Catalog } from '../core/catalog/model';
import { OpenKpiError } from '../core/errors';
import type { DimensionFilter } from '../core/evaluation/evaluate';
import { KpiQuery, KpiSelector } from '../query/model';
import { ALL, expandList, expandText } from './variables';

/** A selector after template variables: `ALL` means "no constraint" for that criterion. */
export type ResolvedSelector = { [K in keyof KpiSelector]: string[] | typeof ALL };

/** A query with every variable expanded into plain values. */
export interface ResolvedQuery {
  query: KpiQuery;
  selector: ResolvedSelector;
  filters: DimensionFilter[];
  /** Breakdown dimension after interpolation. */
  by?: string;
  /** Objectives query: the objective ids after interpolation (`ALL` or empty: every objective). */
  objectives?: string[] | typeof ALL;
}

/** Expands the template variables of a query: selectors, filter values and the breakdown dimension. */
export function resolveQuery(query: KpiQuery, templateSrv: TemplateSrv, scopedVars?: ScopedVars): ResolvedQuery {
  const selector: ResolvedSelector = {
    kpis: expandList(query.kpis, templateSrv, scopedVars),
    areas: expandList(query.areas, templateSrv, scopedVars),
    owners: expandList(query.owners, templateSrv, scopedVars),
    tags: expandList(query.tags, templateSrv, scopedVars),
  };
  const filters: DimensionFilter[] = [];
  for (const f of query.filters) {
    const dimension = expandText(f.dimension, templateSrv, scopedVars);
    const values = expandList(f.values, templateSrv, scopedVars);
    // "All" and an empty value list both mean: no filter on this dimension.
    if (dimension !== '' && values !== ALL && f.values.length > 0) {
      filters.push({ dimension, values });
    }
  }
  const by = query.queryType === 'breakdown' ? expandText(query.by, templateSrv, scopedVars) : undefined;
  const objectives =
    query.queryType === 'objectives' ? expandList(query.objectives, templateSrv, scopedVars) : undefined;
  return { query, selector, filters, by, ...(objectives !== undefined ? { objectives } : {}) };
}

/** An empty criterion or "All" does not constrain; otherwise one candidate must be listed. */
function matches(values: string[] | typeof ALL, candidates: Array<string | undefined>): boolean {
  return values === ALL || values.length === 0 || candidates.some((c) => c !== undefined && values.includes(c));
}

/**
 * The KPI ids a selector picks, in catalog order: the listed ids, plus the KPIs matching every
 * non-empty area / owner / tag criterion. Nothing selected at all means every KPI.
 * Throws for a listed id the catalog does not have.
 */
export function selectKpis(catalog: Catalog, selector: ResolvedSelector): string[] {
  const all = catalog.kpis.map((k) => k.id);
  if (selector.kpis === ALL) {
    return all;
  }
  for (const id of selector.kpis) {
    if (!all.includes(id)) {
      throw new OpenKpiError(`unknown KPI "${id}" (not in catalog "${catalog.name}")`);
    }
  }
  const criteria: Array<string[] | typeof ALL> = [selector.areas, selector.owners, selector.tags];
  const byGroup = criteria.some((c) => c === ALL || c.length > 0);
  if (!byGroup && selector.kpis.length === 0) {
    return all;
  }
  const listed = new Set(selector.kpis);
  return catalog.kpis
    .filter(
      (k) =>
        listed.has(k.id) ||
        (byGroup &&
          matches(selector.areas, [k.area]) &&
          matches(selector.owners, [k.owner]) &&
          matches(selector.tags, k.tags))
    )
    .map((k) => k.id);
}
