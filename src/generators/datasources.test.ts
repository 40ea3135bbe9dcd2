import { parseCatalog } from '../core/catalog/parse';
import { alertRulesDocument } from './alertRules';
import { dashboardProvidersDocument, datasourcesDocument, folderTitle } from './datasources';
import { DEFAULT_OPTIONS } from './options';

function catalogTitled(title: string) {
  const { catalog, problems } = parseCatalog(
    `
apiVersion: openkpi/v1
name: ops
title: "${title}"
sources:
  s: { table: x.s, time: at }
kpis:
  - { id: k, name: K, source: s, window: 1d, measure: { aggregate: count }, target: 1 }
`,
    'ops.yaml'
  );
  expect(problems).toEqual([]);
  return catalog!;
}

describe('catalog folder', () => {
  it('is one title for dashboards and alert rules, with no `/` that would nest alert folders', () => {
    const catalog = catalogTitled('Ops / Finance');
    expect(folderTitle(catalog)).toBe('OpenKPI: Ops - Finance');
    const providers = dashboardProvidersDocument([{ catalog, document: {} }], DEFAULT_OPTIONS) as {
      providers: Array<{ folder: string }>;
    };
    const rules = alertRulesDocument(catalog) as { groups: Array<{ folder: string }> };
    const folders = new Set([...providers.providers, ...rules.groups].map((g) => g.folder));
    expect([...folders]).toEqual(['OpenKPI: Ops - Finance']);
  });
});

describe('KPI data sources', () => {
  it('are never the default data source', () => {
    const inputs = [catalogTitled('One'), catalogTitled('Two')].map((catalog) => ({ catalog, document: {} }));
    const doc = datasourcesDocument(inputs, DEFAULT_OPTIONS) as { datasources: Array<{ isDefault?: boolean }> };
    expect(doc.datasources.filter((d) => d.isDefault)).toEqual([]);
  });
});
