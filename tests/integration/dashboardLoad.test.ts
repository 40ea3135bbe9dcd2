/** @jest-environment jsdom */
/**
 * A generated overview dashboard loading as Grafana 12 loads it: every panel's query runner calls
 * `datasource.query` on its own (a fresh `SQR…` requestId, its panel's targets, the dashboard's
 * range, the interval from its width), some in the same task, some a microtask or a task later
 * (panels that wait for their width). The `/api/ds/query` stand-in runs the SQL on the example's
 * data in real PostgreSQL and counts the calls. Each panel must get exactly the frames it gets when
 * it is the only panel asking.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DataFrame, DataQueryRequest, DataQueryResponse, dateTime, rangeUtil } from '@grafana/data';
import { setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { lastValueFrom } from 'rxjs';
import { parse } from 'yaml';
import { migrate } from '../../src/cli/migrate';
import { parseCatalog } from '../../src/core/catalog/parse';
import { KpiDataSource } from '../../src/datasource/datasource';
import { testTemplateSrv } from '../../src/datasource/testTemplateSrv';
import type { KpiQuery } from '../../src/query/model';
import { testKpiSettings, TEST_PG } from '../support/kpiDataSource';
import { catalogDashboards } from '../../src/generators/dashboards';
import { createTestDatabase, TestDatabase } from '../support/db';
import { dsQueryStandIn, DsQueryStandIn } from '../support/dsQuery';

const PG = TEST_PG;
const EXAMPLES_DIR = path.join(__dirname, '..', '..', 'examples');
const EXAMPLES = ['accounting-saas', 'service-portal', 'vps-automation', 'product-suite', 'integration-platform'];
/**
 * Data points per panel (Grafana: the panel's width in pixels): 90 over the overview's 90 days,
 * a one-day step, keeps the test quick on today's per-bucket trend SQL.
 */
const PANEL_WIDTH = 90;

const dataSource = (rawCatalog: unknown, uid: string): KpiDataSource =>
  new KpiDataSource(testKpiSettings({ catalog: rawCatalog }, uid));

let requestCounter = 100;

/** The request SceneQueryRunner.prepareRequests builds for a panel. */
function panelRequest(dashboardUid: string, panel: Panel, range: { from: Date; to: Date }): DataQueryRequest<KpiQuery> {
  const timeRange = {
    from: dateTime(range.from),
    to: dateTime(range.to),
    raw: { from: 'now-90d', to: 'now' },
  };
  const { interval, intervalMs } = rangeUtil.calculateInterval(timeRange, PANEL_WIDTH);
  return {
    app: 'dashboard',
    requestId: `SQR${requestCounter++}`,
    dashboardUID: dashboardUid,
    panelId: panel.id,
    panelName: panel.title,
    timezone: 'utc',
    range: timeRange,
    rangeRaw: timeRange.raw,
    interval,
    intervalMs,
    maxDataPoints: PANEL_WIDTH,
    targets: JSON.parse(JSON.stringify(panel.targets ?? [])) as KpiQuery[],
    scopedVars: {
      __interval: { text: interval, value: interval },
      __interval_ms: { text: `${intervalMs}`, value: intervalMs },
    },
    startTime: Date.now(),
  };
}

/** A comparable form of a response: frames by name, fields with their values and display config. */
function shown(response: DataQueryResponse): unknown {
  return {
    errors: response.errors ?? [],
    frames: (response.data as DataFrame[]).map((f) => ({
      name: f.name,
      refId: f.refId,
      fields: f.fields.map((field) => ({ name: field.name, values: [...field.values], config: field.config })),
    })),
  };
}

/**
 * Subscribes every panel as a dashboard load does: a third at once, a third a microtask later, a
 * third a task later. One task hop in all: a hop per panel (56 for accounting-saas's 167 panels)
 * took 190 ms on an idle machine and 700 ms on a busy one, past the refresh window's maxWaitMs
 * (250 ms), which then answered the panels in two or three refreshes (4 to 6 calls).
 */
async function loadDashboard(
  ds: KpiDataSource,
  requests: Array<DataQueryRequest<KpiQuery>>
): Promise<DataQueryResponse[]> {
  const answers: Array<Promise<DataQueryResponse>> = [];
  const ask = (third: number) =>
    requests.forEach((request, i) => {
      if (i % 3 === third) {
        answers[i] = lastValueFrom(ds.query(request));
      }
    });
  ask(0);
  await Promise.resolve();
  ask(1);
  await new Promise((resolve) => setTimeout(resolve, 0));
  ask(2);
  return Promise.all(answers);
}

describe.each(EXAMPLES)('the generated overview of %s', (name) => {
  let db: TestDatabase;
  let stand: DsQueryStandIn;

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate(db.client);
    await db.client.query(fs.readFileSync(path.join(EXAMPLES_DIR, name, 'data.sql'), 'utf8'));
    stand = dsQueryStandIn(db.client, PG);
    setBackendSrv(stand.backend);
    setTemplateSrv(testTemplateSrv([]));
  });

  afterAll(async () => {
    await db?.drop();
  });

  /** The overview's panels as requests at one instant, and what loading them together answered. */
  async function loadOverview() {
    const text = fs.readFileSync(path.join(EXAMPLES_DIR, name, 'catalog.yaml'), 'utf8');
    const catalog = parseCatalog(text, 'catalog.yaml').catalog!;
    const overview = catalogDashboards(catalog).find((f) => f.file === 'overview.json')!.dashboard;
    const panels = ((overview.panels ?? []) as Panel[]).filter((p) => (p.targets ?? []).length > 0);
    const uid = (panels[0].datasource?.uid as string) ?? 'openkpi';
    // The example data is relative to now(); a whole minute keeps every load on the same instant.
    const to = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const range = { from: new Date(to.getTime() - 90 * 86_400_000), to };
    const requests = panels.map((p) => panelRequest(overview.uid!, p, range));
    const ds = () => dataSource(parse(text), uid);
    stand.reset();
    const answers = await loadDashboard(ds(), requests);
    return { requests, answers, calls: [...stand.calls], ds };
  }

  it('loads with at most 3 /api/ds/query calls, identical statements once', async () => {
    const { requests, answers, calls } = await loadOverview();
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls.length).toBeLessThanOrEqual(3);
    calls.forEach((c) => expect(new Set(c.sql).size).toBe(c.sql.length));
    // Six scorecards and a KPI query per card merge into one evaluation: fewer statements than queries.
    expect(calls.flatMap((c) => c.sql).length).toBeLessThan(requests.flatMap((r) => r.targets).length);
    expect(answers.filter((r) => r.errors !== undefined).map((r) => r.errors)).toEqual([]);
    // accounting-saas evaluates 146 KPIs per scorecard: on two busy cores that takes its time.
  }, 120_000);

  if (name === 'accounting-saas') {
    it('gives every panel exactly the frames it gets when it asks alone', async () => {
      const { requests, answers, ds } = await loadOverview();
      stand.reset();
      const alone: DataQueryResponse[] = [];
      for (const request of requests) {
        alone.push(await lastValueFrom(ds().query(request)));
      }
      expect(stand.calls.length).toBeGreaterThanOrEqual(requests.length);
      expect(answers.map(shown)).toEqual(alone.map(shown));
    }, 300_000);
  }
});
