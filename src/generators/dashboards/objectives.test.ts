import { parseCatalog } from '../../core/catalog/parse';
import { catalogDashboards } from '.';

const YAML = `
apiVersion: openkpi/v1
name: o
kpis:
  - { id: a, name: A, source: manual, target: 1 }
  - { id: b, name: B, source: manual, target: 2 }
objectives:
  - id: first
    title: First
    owner: team
    from: 2026-01-01
    keyResults: [{ kpi: a, by: 2026-03-01 }, { kpi: b, by: 2026-03-01 }]
  - { id: second, title: Second, from: 2026-01-01, keyResults: [{ kpi: b, by: 2026-06-01 }] }
`;

describe('objectives dashboard', () => {
  it('is generated only for a catalog with objectives', () => {
    const without = parseCatalog(YAML.split('objectives:')[0], 'o.yaml').catalog!;
    expect(catalogDashboards(without).map((f) => f.file)).not.toContain('objectives.json');
  });

  it('has one table per objective, each an Objectives query of that objective on the catalog data source', () => {
    const catalog = parseCatalog(YAML, 'o.yaml').catalog!;
    const file = catalogDashboards(catalog).find((f) => f.file === 'objectives.json')!;
    expect(file.dashboard.uid).toMatch(/^okpi-objectives-[0-9a-f]{16}$/);
    expect(file.dashboard.tags).toEqual(['openkpi', 'openkpi:o']);
    const panels = file.dashboard.panels ?? [];
    expect(panels.map((p) => [p.type, p.title])).toEqual([
      ['table', 'First (team)'],
      ['table', 'Second'],
    ]);
    const targets = panels.map((p) => (p as { targets?: Array<Record<string, unknown>> }).targets?.[0]);
    expect(targets.map((t) => [t?.queryType, t?.objectives])).toEqual([
      ['objectives', ['first']],
      ['objectives', ['second']],
    ]);
    const ds = catalogDashboards(catalog).find((f) => f.file === 'overview.json')!.dashboard.panels![0].datasource;
    expect(targets.map((t) => t?.datasource)).toEqual([ds, ds]);
  });
});
