/** @jest-environment jsdom */
/**
 * The generated dashboards of a catalog with pace, minimum volume and `compare: year`, shown by
 * Grafana's own code on real data: each panel's saved queries go through the KPI data source
 * (its SQL on PostgreSQL through the `/api/ds/query` stand-in), then through the panel's
 * transformations, field config and reduce options (tests/support/panelDisplay.ts). Expected
 * numbers are the hand counts of tests/support/paceFixture.ts.
 */
import { DataFrame, DataQueryRequest, dateTime, FieldDisplay } from '@grafana/data';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { statusInfo, type Status } from '../../src/core/rules/status';
import { testTemplateSrv } from '../../src/datasource/testTemplateSrv';
import { catalogDashboards } from '../../src/generators/dashboards';
import type { KpiQuery } from '../../src/query/model';
import { createTestDatabase, TestDatabase } from '../support/db';
import { dsQueryStandIn } from '../support/dsQuery';
import { catalogOf, DAY } from '../support/fixtures';
import { AT, CATALOG, deploysBy, paceDataSource, PG, seedPace, SHARE } from '../support/paceFixture';
import { colorOf, statDisplay } from '../support/panelDisplay';

let db: TestDatabase;
const catalog = catalogOf(CATALOG);
const files = catalogDashboards(catalog);
const panelsOf = (file: string) => (files.find((f) => f.file === file)!.dashboard.panels ?? []) as Panel[];
const panel = (file: string, title: string) => panelsOf(file).find((p) => p.title === title)!;
const stateColour = (s: Status) => colorOf(statusInfo(s).color);

beforeAll(async () => {
  db = await createTestDatabase();
  await seedPace(db);
  setBackendSrv(dsQueryStandIn(db.client, PG).backend);
});

afterAll(async () => {
  await db?.drop();
});

/** What the panel shows over the last 90 days up to AT, with the detail dashboard's `kpi` variable. */
async function shown(p: Panel, kpi = 'deploys'): Promise<FieldDisplay[]> {
  setTemplateSrv(
    testTemplateSrv([
      { name: 'kpi', options: catalog.kpis.map((k) => k.id), current: kpi },
      { name: 'by', options: ['team'], current: 'team' },
    ])
  );
  const from = new Date(AT.getTime() - 90 * DAY);
  const request: DataQueryRequest<KpiQuery> = {
    requestId: 'dash',
    interval: '1d',
    intervalMs: DAY,
    range: { from: dateTime(from), to: dateTime(AT), raw: { from: 'now-90d', to: 'now' } },
    scopedVars: {},
    targets: (p.targets ?? []) as unknown as KpiQuery[],
    timezone: 'utc',
    app: 'dashboard',
    startTime: Date.now(),
  };
  const response = await lastValueFrom(paceDataSource().query(request));
  expect(response.errors).toBeUndefined();
  return statDisplay(p, response.data as DataFrame[]);
}

const tiles = (values: FieldDisplay[]) =>
  values.map((v) => ({ title: v.display.title, number: v.display.numeric, color: v.display.color }));

describe('overview', () => {
  it('a paced KPI card: to date, expected to date, projected and target, judged on the projection', async () => {
    const [toDate, expected, projected, target, ...more] = tiles(await shown(panel('overview.json', 'Deployments')));
    expect(more).toEqual([]);
    const value = deploysBy(20);
    // Projected 26 / (20/31) = 40.3: below warning 45, not below critical 40.
    expect(toDate).toEqual({ title: 'Deployments', number: value, color: stateColour('warning') });
    expect(expected.title).toBe('Deployments expected to date');
    expect(expected.number).toBeCloseTo(50 * SHARE, 9);
    expect(projected.title).toBe('Deployments projected');
    expect(projected.number).toBeCloseTo(value / SHARE, 9);
    expect(projected.color).toBe(stateColour('warning'));
    expect(target).toMatchObject({ title: 'Deployments target', number: 50 });
  });

  it('a compare: year card names its comparison', async () => {
    const [value, change] = tiles(await shown(panel('overview.json', 'Deployments unpaced')));
    expect(value.number).toBe(deploysBy(20));
    // March 1st–21st 2025 against the same days of 2024: 26 against 20.
    expect(change.title).toBe('Deployments unpaced change % vs same month last year');
    expect(change.number).toBeCloseTo((100 * (26 - 20)) / 20, 9);
  });

  it('a low-volume KPI card is in the low-volume colour, and counted in its own tile', async () => {
    const [value] = tiles(await shown(panel('overview.json', 'Run success')));
    expect(value.number).toBeCloseTo((100 * 2) / 3, 9);
    expect(value.color).toBe(stateColour('low_volume'));
    const [count] = await shown(panel('overview.json', 'Low volume'));
    expect(count.display.text).toBe('1');
    expect(count.display.color).toBe(stateColour('low_volume'));
  });
});

describe('KPI detail', () => {
  it("a paced KPI's value panel: to date, projected, expected to date", async () => {
    const values = tiles(await shown(panel('kpi-detail.json', 'Value')));
    expect(values.map((v) => v.title)).toEqual([
      'Deployments',
      'Deployments projected',
      'Deployments expected to date',
    ]);
    expect(values[1].number).toBeCloseTo(deploysBy(20) / SHARE, 9);
    expect(values[2].number).toBeCloseTo(50 * SHARE, 9);
  });

  it('an unpaced KPI: the value alone', async () => {
    const values = tiles(await shown(panel('kpi-detail.json', 'Value'), 'deploys_plain'));
    expect(values.map((v) => v.title)).toEqual(['Deployments unpaced']);
  });

  it('the comparison window and the change are labelled with it', async () => {
    const [previous] = tiles(await shown(panel('kpi-detail.json', 'Comparison window')));
    expect(previous).toMatchObject({ title: 'Deployments same month last year', number: 20 });
    const [change] = tiles(await shown(panel('kpi-detail.json', 'Change vs comparison window')));
    expect(change.title).toBe('Deployments change % vs same month last year');
  });

  it('the trend: the cumulative to-date line against the expected-to-date line', async () => {
    const trend = panelsOf('kpi-detail.json').find((p) => p.type === 'timeseries')!;
    setTemplateSrv(testTemplateSrv([{ name: 'kpi', options: ['deploys'], current: 'deploys' }]));
    const request: DataQueryRequest<KpiQuery> = {
      requestId: 'trend',
      interval: '1d',
      intervalMs: DAY,
      range: {
        from: dateTime(new Date('2025-03-01T00:00:00Z')),
        to: dateTime(AT),
        raw: { from: 'now-20d', to: 'now' },
      },
      scopedVars: {},
      targets: (trend.targets ?? []) as unknown as KpiQuery[],
      timezone: 'utc',
      app: 'dashboard',
      startTime: Date.now(),
    };
    const [frame] = (await lastValueFrom(paceDataSource().query(request))).data as DataFrame[];
    const field = (name: string) => frame.fields.find((f) => f.name === name)!;
    // Daily points (auto step from a 1-day interval) ending at AT: the end of March d, d = 1…20.
    expect(field('value').values).toEqual(Array.from({ length: 20 }, (_, i) => deploysBy(i + 1)));
    (field('expectedToDate').values as number[]).forEach((v, i) => expect(v).toBeCloseTo((50 * (i + 1)) / 31, 9));
  });
});
