import { parseFormula } from '../../src/core/catalog/formula';
import { Catalog, Kpi } from '../../src/core/catalog/model';

/**
 * A formula that uses another formula twice, nested: `f1 = f0 + f0`, `f2 = f1 + f1`, … over a
 * count `f0` of table `events` (time column `t`) in a rolling window of `days`. Built from the
 * model directly: validation may bound the depth, the compiler must not depend on it.
 */
export function nestedFormulaCatalog(levels: number, days: number): Catalog {
  const window = { kind: 'rolling', amount: days, unit: 'd', text: `${days}d` } as const;
  const kpis: Kpi[] = [
    {
      id: 'f0',
      name: 'F0',
      tags: [],
      source: 'events',
      window,
      direction: 'higher',
      measure: { kind: 'aggregate', aggregate: 'count' },
    },
  ];
  for (let i = 1; i <= levels; i++) {
    const formula = `f${i - 1} + f${i - 1}`;
    kpis.push({
      id: `f${i}`,
      name: `F${i}`,
      tags: [],
      window,
      direction: 'higher',
      measure: { kind: 'formula', formula, ast: parseFormula(formula) },
    });
  }
  return {
    apiVersion: 'openkpi/v1',
    name: 'nested',
    timezone: 'UTC',
    sources: { events: { name: 'events', table: ['events'], time: 't', dimensions: [] } },
    kpis,
  };
}
