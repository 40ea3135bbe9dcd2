import { DEFAULT_QUERY, withDefaults } from './defaults';
import { migrateQuery } from './migrate';
import { QUERY_VERSION } from './model';

describe('migrateQuery', () => {
  it('keeps a current query as it is', () => {
    const q = withDefaults({ refId: 'A', queryType: 'trend', kpis: ['a'], mode: 'buckets', step: '1d' });
    expect(migrateQuery(q as unknown as Record<string, unknown>)).toEqual(q);
  });

  it('completes the default query', () => {
    expect(migrateQuery({ refId: 'A', ...DEFAULT_QUERY })).toEqual({
      refId: 'A',
      queryType: 'kpi',
      version: QUERY_VERSION,
      kpis: [],
      areas: [],
      owners: [],
      tags: [],
      filters: [],
    });
  });

  it.each([
    [{ refId: 'A' }, { queryType: 'kpi', kpis: [] }],
    [
      { refId: 'A', kpi: 'x' },
      { queryType: 'kpi', kpis: ['x'] },
    ],
    [
      { refId: 'A', type: 'scorecard', area: 'ignored' },
      { queryType: 'scorecard', kpis: [] },
    ],
    [
      { refId: 'A', type: 'trend', kpi: 'x', mode: 'series' },
      { queryType: 'trend', kpis: ['x'], mode: 'trend', step: 'auto' },
    ],
    [
      { refId: 'A', queryType: 'breakdown', kpi: 'x', by: 'team' },
      { queryType: 'breakdown', kpis: ['x'], by: 'team' },
    ],
  ])('brings an unversioned query %p to the current model', (saved, expected) => {
    const q = migrateQuery(saved);
    expect(q).toMatchObject({ ...expected, version: QUERY_VERSION });
    expect(q).not.toHaveProperty('kpi');
    expect(q).not.toHaveProperty('type');
  });

  it('turns a v0 dimension/value pair into a filter', () => {
    const q = migrateQuery({ refId: 'A', kpi: 'x', dimension: 'team', value: "O'Brien" });
    expect(q.filters).toEqual([{ dimension: 'team', values: ["O'Brien"] }]);
    expect(q).not.toHaveProperty('dimension');
  });

  it('drops malformed lists and filters instead of failing', () => {
    const q = migrateQuery({ refId: 'A', version: 1, kpis: 'x', filters: [{ values: ['a'] }, null] });
    expect(q.kpis).toEqual([]);
    expect(q.filters).toEqual([]);
  });
});
