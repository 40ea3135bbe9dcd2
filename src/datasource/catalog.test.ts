import { parse } from 'yaml';
import { loadCatalog, requireCatalog } from './catalog';
import { TEST_CATALOG_YAML } from './fixtures';

describe('loadCatalog', () => {
  it('accepts the catalog object stored in jsonData', () => {
    const loaded = loadCatalog(parse(TEST_CATALOG_YAML));
    expect(loaded.problems).toEqual([]);
    expect(requireCatalog(loaded).kpis.map((k) => k.id)).toEqual(['success_rate', 'run_count', 'resolution_minutes']);
  });

  it('reports a missing catalog', () => {
    expect(() => requireCatalog(loadCatalog(undefined))).toThrow(
      'invalid OpenKPI catalog: jsonData.catalog:0:0: (catalog): no catalog configured'
    );
  });

  it('names the problems of an invalid catalog', () => {
    const raw = parse(TEST_CATALOG_YAML);
    raw.kpis[0].window = 'fortnight';
    const loaded = loadCatalog(raw);
    expect(loaded.catalog).toBeUndefined();
    expect(() => requireCatalog(loaded)).toThrow(/invalid OpenKPI catalog: jsonData\.catalog:0:0: kpis\[0\]\.window: /);
  });
});
