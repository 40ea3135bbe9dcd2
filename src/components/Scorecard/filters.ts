import type { Kpi } from '../../core/catalog/model';
import type { ScorecardRow } from './rows';

/** The scorecard's filters, as kept in the URL (`?area=…&owner=…&status=…&tag=…&q=…`). */
export interface ScorecardFilters {
  area?: string;
  owner?: string;
  status?: string;
  tag?: string;
  /** Free text matched against name, id, description, area, owner and tags. */
  q?: string;
}

export const FILTER_KEYS = ['area', 'owner', 'status', 'tag', 'q'] as const;

/** The filters in URL search parameters; empty values are no filter. */
export function filtersFromParams(params: URLSearchParams): ScorecardFilters {
  const out: ScorecardFilters = {};
  for (const key of FILTER_KEYS) {
    const v = params.get(key);
    if (v) {
      out[key] = v;
    }
  }
  return out;
}

/** The search parameters with one filter set (or removed when empty), the others kept. */
export function withFilter(params: URLSearchParams, key: keyof ScorecardFilters, value?: string): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) {
    next.set(key, value);
  } else {
    next.delete(key);
  }
  return next;
}

function matchesText(kpi: Kpi, q: string): boolean {
  const needle = q.trim().toLowerCase();
  const haystack = [kpi.name, kpi.id, kpi.description, kpi.area, kpi.owner, ...kpi.tags];
  return haystack.some((s) => s?.toLowerCase().includes(needle));
}

/** The rows that pass every filter; the row's status is the one the data source reported. */
export function applyFilters(rows: ScorecardRow[], f: ScorecardFilters): ScorecardRow[] {
  return rows.filter(
    ({ kpi, figures }) =>
      (!f.area || kpi.area === f.area) &&
      (!f.owner || kpi.owner === f.owner) &&
      (!f.status || figures.status === f.status || (f.status === 'stale' && figures.stale)) &&
      (!f.tag || kpi.tags.includes(f.tag)) &&
      (!f.q || matchesText(kpi, f.q))
  );
}

/** Distinct values of a KPI attribute, sorted, for a filter's options. */
export function optionsOf(kpis: Kpi[], pick: (k: Kpi) => Array<string | undefined>): string[] {
  return [...new Set(kpis.flatMap(pick).filter((v): v is string => !!v))].sort((a, b) => a.localeCompare(b));
}
