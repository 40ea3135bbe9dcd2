import type { Catalog, Kpi } from '../../core/catalog/model';

/**
 * What a KPI's change is measured against, in words: the previous window of the same length
 * (rolling) or the previous period (calendar), as docs/catalog.md defines the previous window;
 * with `compare: year`, the same window a year earlier ("the same month last year").
 */
export function comparisonWords(kpi: Kpi, _catalog: Catalog): string {
  const w = kpi.window;
  if (kpi.compare === 'year') {
    return w.kind === 'rolling' ? `the same ${w.text} a year earlier` : `the same ${w.unit} last year`;
  }
  if (w.kind === 'rolling') {
    return `the ${w.text} before`;
  }
  return `the previous ${w.unit}`;
}
