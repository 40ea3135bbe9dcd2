import { defaultDashboard } from '@grafana/schema';
import { parseCatalog } from '../../core/catalog/parse';
import { catalogDashboards } from '.';
import { flattenRows } from './finish';

const { catalog } = parseCatalog(
  `
apiVersion: openkpi/v1
name: d
sources:
  s: { table: x.s, time: at, dimensions: [team] }
kpis:
  - { id: a, name: A, area: Sales, source: s, window: 1d, measure: { aggregate: count }, target: 1 }
  - { id: b, name: B, source: s, window: 1d, measure: { aggregate: count } }
  - { id: c, name: C, area: Sales, source: s, window: 1d, measure: { aggregate: count } }
`,
  'd.yaml'
);

describe('catalog dashboards', () => {
  const files = catalogDashboards(catalog!);

  it('has an overview, one dashboard per area and a KPI detail', () => {
    expect(files.map((f) => f.file)).toEqual([
      'overview.json',
      'area-01-sales.json',
      'area-02-general.json',
      'kpi-detail.json',
    ]);
    const uids = files.map((f) => f.dashboard.uid);
    expect(new Set(uids).size).toBe(4);
  });

  it('writes the dashboard schema version of Grafana 12.0 (41), not the SDK’s newer one', () => {
    expect(defaultDashboard.schemaVersion).toBe(41);
    expect(files.map((f) => f.dashboard.schemaVersion)).toEqual(files.map(() => defaultDashboard.schemaVersion));
  });

  it('puts one card per KPI on the overview, with the same panel id as on its area dashboard', () => {
    const cards = (d: (typeof files)[number]) =>
      (d.dashboard.panels ?? []).filter((p) => p.type === 'stat' && (p.id ?? 0) >= 100).map((p) => p.id);
    expect(cards(files[0])).toEqual([100, 102, 101]);
    expect(cards(files[1])).toEqual([100, 102]);
  });

  it('moves an expanded row’s panels after it and keeps a collapsed row’s inside', () => {
    const panel = { type: 'stat', id: 1 } as never;
    expect(
      flattenRows([
        { type: 'row', id: 2, collapsed: false, panels: [panel] } as never,
        { type: 'row', id: 3, collapsed: true, panels: [panel] } as never,
      ])
    ).toEqual([
      { type: 'row', id: 2, collapsed: false, panels: [] },
      panel,
      { type: 'row', id: 3, collapsed: true, panels: [panel] },
    ]);
  });
});
