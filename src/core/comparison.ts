/**
 * The comparison window of a KPI in words ("vs same month last year"), for dashboards and
 * panels: `previous`, `change` and `changePercent` compare with it (docs/catalog.md: Comparison
 * period). One place, so cards, detail panels and field names say the same.
 */
import type { Catalog, Kpi, WindowSpec } from './catalog/model';

/** "month", "30d": the window as a noun. */
function windowNoun(window: WindowSpec): string {
  return window.kind === 'calendar' ? window.unit : window.text;
}

/**
 * `vs previous month`, `vs previous 30d`, `vs same month last year`, `vs last year` (a calendar
 * year compared with the one before). A growth KPI compares its growth with the growth one
 * comparison window earlier (docs/catalog.md: Growth KPIs): its named KPI's window and compare.
 */
export function comparisonLabel(catalog: Catalog, kpi: Kpi): string {
  const measure = kpi.measure;
  const named = measure.kind === 'growth' ? catalog.kpis.find((k) => k.id === measure.kpi) : undefined;
  const window = named?.window ?? kpi.window;
  // A growth KPI's previous is the growth at the end of its named KPI's comparison window.
  const compare = named ? named.compare : kpi.compare;
  if (compare === 'year') {
    return window.kind === 'calendar' && window.unit === 'year'
      ? 'vs last year'
      : `vs same ${windowNoun(window)} last year`;
  }
  return `vs previous ${windowNoun(window)}`;
}

/** The comparison window as a noun phrase for a `previous` figure: `same month last year`, `previous 30d`. */
export function comparisonWindowLabel(catalog: Catalog, kpi: Kpi): string {
  return comparisonLabel(catalog, kpi).replace(/^vs /, '');
}
