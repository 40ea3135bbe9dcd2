import type { Catalog } from '../core/catalog/model';
import { parseCatalog } from '../core/catalog/parse';
import { withDefaults } from '../query/defaults';
import { TEST_CATALOG_YAML } from './fixtures';
import { resolveQuery, selectKpis } from './resolve';
import { testTemplateSrv } from './testTemplateSrv';
import { KpiSelector } from '../query/model';

const catalog = parseCatalog(TEST_CATALOG_YAML, 'test.yaml').catalog as Catalog;
const templateSrv = testTemplateSrv([
  { name: 'area', options: ['Provisioning', 'Support'], current: 'Support' },
  { name: 'areaAll', options: ['Provisioning', 'Support'], current: '$__all' },
  { name: 'kpi', options: ['success_rate', 'run_count'], current: ['run_count', 'success_rate'] },
  { name: 'team', options: ["O'Brien", 'a;b'], current: ["O'Brien", 'a;b'] },
  { name: 'teamAll', options: ['x'], current: '$__all' },
]);

function select(selector: Partial<KpiSelector>): string[] {
  const query = withDefaults({ refId: 'A', ...selector });
  return selectKpis(catalog, resolveQuery(query, templateSrv).selector);
}

describe('selectKpis', () => {
  it.each<[Partial<KpiSelector>, string[]]>([
    [{}, ['success_rate', 'run_count', 'resolution_minutes']],
    [{ kpis: ['resolution_minutes', 'success_rate'] }, ['success_rate', 'resolution_minutes']],
    [{ areas: ['Provisioning'] }, ['success_rate', 'run_count']],
    [{ owners: ['support-team'] }, ['resolution_minutes']],
    [{ tags: ['reliability'] }, ['success_rate', 'resolution_minutes']],
    [{ areas: ['Provisioning'], tags: ['reliability'] }, ['success_rate']],
    [{ kpis: ['run_count'], areas: ['Support'] }, ['run_count', 'resolution_minutes']],
    [{ areas: ['$area'] }, ['resolution_minutes']],
    [{ areas: ['$areaAll'] }, ['success_rate', 'run_count', 'resolution_minutes']],
    [{ kpis: ['$kpi'] }, ['success_rate', 'run_count']],
    [{ areas: ['Nowhere'] }, []],
  ])('%p → %p', (selector, expected) => {
    expect(select(selector)).toEqual(expected);
  });

  it('fails on a KPI the catalog does not have', () => {
    expect(() => select({ kpis: ['nope'] })).toThrow('unknown KPI "nope" (not in catalog "test-portal")');
  });
});

describe('resolveQuery filters', () => {
  it('expands variables into literal values and drops "All" and empty filters', () => {
    const query = withDefaults({
      refId: 'A',
      filters: [
        { dimension: 'team', values: ['$team', 'plain'] },
        { dimension: 'template', values: ['$teamAll'] },
        { dimension: 'team', values: [] },
      ],
    });
    expect(resolveQuery(query, templateSrv).filters).toEqual([
      { dimension: 'team', values: ["O'Brien", 'a;b', 'plain'] },
    ]);
  });
});
