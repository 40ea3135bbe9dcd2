import { defaultDashboard } from '@grafana/schema';
import type { QueryVariableModel } from '@grafana/data';
import { parseCatalog } from '../../core/catalog/parse';
import type { SqlRunner } from '../../core/evaluation/runner';
import { metricFind } from '../../datasource/metricFind';
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

  it('offers on the KPI detail only the dimensions the chosen KPI can be broken down by', async () => {
    const { catalog: mixed } = parseCatalog(
      `
apiVersion: openkpi/v1
name: m
sources:
  s: { table: x.s, time: at, dimensions: [team, tier] }
  t: { table: x.t, time: at, dimensions: [region, team] }
  u: { table: x.u, time: at }
kpis:
  - { id: a, name: A, source: s, window: 1d, measure: { aggregate: count } }
  - { id: e, name: E, source: t, window: 1d, measure: { aggregate: count } }
  - { id: w, name: W, source: u, window: 1d, measure: { aggregate: count } }
  - { id: a_per_e, name: A per E, measure: { formula: a / e } }
  - { id: a_per_w, name: A per W, measure: { formula: a / w } }
  - { id: w_twice, name: W twice, measure: { formula: 2 * w } }
  - { id: a_growth, name: A growth, measure: { growth: { kpi: a } } }
`,
      'm.yaml'
    );
    const detail = catalogDashboards(mixed!).find((f) => f.file === 'kpi-detail.json')!.dashboard;
    const by = detail.templating!.list!.find((v) => v.name === 'by') as unknown as QueryVariableModel;
    expect(by.query).toBe('dimensions($kpi)');
    // Opens on the first KPI's first dimension.
    expect(by.current).toMatchObject({ value: 'team' });
    const noSql: SqlRunner = { query: () => Promise.reject(new Error('no SQL expected')) };
    const offered = async (kpi: string) =>
      (await metricFind(mixed!, String(by.query).replace('$kpi', kpi), noSql)).map((v) => v.value);
    // A formula: every dimension some KPI it uses declares (the others are taken whole).
    expect(
      Object.fromEntries(await Promise.all(mixed!.kpis.map(async (k) => [k.id, await offered(k.id)])))
    ).toEqual({
      a: ['team', 'tier'],
      e: ['region', 'team'],
      w: [],
      a_per_e: ['team', 'tier', 'region'],
      a_per_w: ['team', 'tier'],
      w_twice: [],
      a_growth: ['team', 'tier'],
    });
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
