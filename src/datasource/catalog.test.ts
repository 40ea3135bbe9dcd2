import { parse } from 'yaml';
import { loadCatalog, loadCatalogFrom, requireCatalog } from './catalog';
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

describe('loadCatalogFrom', () => {
  it('runs the text typed in the editor over the stored object, with positions', () => {
    const older = parse(TEST_CATALOG_YAML);
    const text = TEST_CATALOG_YAML.replace('direction: higher', 'direction: sideways');
    const line = text.split('\n').findIndex((l) => l.includes('sideways')) + 1;
    const loaded = loadCatalogFrom({ catalog: older, catalogText: text });
    expect(loaded.catalog).toBeUndefined();
    expect(loaded.problems).toEqual([
      expect.objectContaining({ file: 'catalog.yaml', line, path: 'kpis[0].direction' }),
    ]);
  });

  it('falls back to the provisioned object when there is no text', () => {
    expect(loadCatalogFrom({ catalog: parse(TEST_CATALOG_YAML) }).catalog?.kpis).toHaveLength(3);
    expect(loadCatalogFrom({ catalog: parse(TEST_CATALOG_YAML), catalogText: '  ' }).catalog?.kpis).toHaveLength(3);
  });
});
