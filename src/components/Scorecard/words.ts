import type { Catalog, Kpi } from '../../core/catalog/model';

/**
 * What a KPI's change is measured against, in words: the previous window of the same length
 * (rolling) or the previous period (calendar), as docs/catalog.md defines the previous window.
 */
export function comparisonWords(kpi: Kpi, _catalog: Catalog): string {
  const w = kpi.window;
  if (w.kind === 'rolling') {
    return `the ${w.text} before`;
  }
  return `the previous ${w.unit}`;
}
