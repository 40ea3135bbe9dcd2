import { parseCatalog } from '../catalog/parse';
import { instant, NOW } from './anchor';
import { compileEval } from './evalQuery';

const catalog = (kpis: string[]) =>
  parseCatalog(
    [
      'apiVersion: openkpi/v1',
      'name: shares',
      'timezone: UTC',
      'sources:',
      '  events: { table: events, time: t }',
      'kpis:',
      ...kpis.map(
        (k) =>
          `  - { id: ${k.replace(/\W/g, '_')}, name: ${k}, source: events, window: ${k.split(':')[1]}, measure: { aggregate: count_distinct, expression: ${k.split(':')[0]} } }`
      ),
    ].join('\n'),
    'shares.yaml'
  ).catalog!;

/** How the distinct counts of a statement read their rows: FILTERs of one scan, subqueries per window. */
function shape(kpis: string[], at = instant(new Date('2025-06-30T00:00:00Z'))) {
  const sql = compileEval(catalog(kpis), { at });
  return {
    filters: (sql.match(/\) FILTER \(WHERE/g) ?? []).length,
    subqueries: (sql.match(/\(SELECT count\(DISTINCT/g) ?? []).length,
  };
}

describe('distinct counts sharing one scan', () => {
  it('keeps a subquery per window for one KPI (value and previous) and for two barely overlapping KPIs', () => {
    expect(shape(['user:30d'])).toEqual({ filters: 0, subqueries: 2 });
    expect(shape(['user:30d', 'user:7d'])).toEqual({ filters: 0, subqueries: 4 });
  });

  it('shares one scan when the windows are twice as long as the span they cover', () => {
    expect(shape(['user:30d', 'user:7d', 'user:month', 'user:1d'])).toEqual({ filters: 8, subqueries: 0 });
    // 30d and month at the end of June: 118 days of windows over 60, just short; with 7d, 132.
    expect(shape(['user:30d', 'user:month'])).toEqual({ filters: 0, subqueries: 4 });
    expect(shape(['user:30d', 'user:month', 'user:7d'])).toEqual({ filters: 6, subqueries: 0 });
  });

  it('shares per expression: another expression keeps its subqueries', () => {
    expect(shape(['user:30d', 'user:month', 'user:7d', 'team:7d'])).toEqual({ filters: 6, subqueries: 2 });
  });

  it('keeps subqueries when the instant is only known to the database (now())', () => {
    expect(shape(['user:30d', 'user:month', 'user:7d'], NOW)).toEqual({ filters: 0, subqueries: 6 });
  });
});
