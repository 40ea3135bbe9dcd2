/** @jest-environment jsdom */
/**
 * jsdom, not node: @grafana/data reads `window` when it loads; pg still runs on Node's sockets.
 *
 * The KPI data source's query path against real PostgreSQL. Grafana's `/api/ds/query` is played by
 * a stand-in (tests/support/dsQuery.ts) that runs `rawSql` on the test database and answers with
 * frames shaped as Grafana's PostgreSQL data source sends them (schema + columnar values, HTTP 400
 * with `results[refId].error` on failure). Numbers are compared with the core's evaluation over `pg` (what `openkpi eval --json`
 * prints) and with counts written out by hand.
 */
import {
  applyFieldOverrides,
  createTheme,
  DataFrame,
  DataQueryRequest,
  DataQueryResponse,
  dateTime,
  FieldColorModeId,
  getFieldDisplayValues,
} from '@grafana/data';
import { setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { parse } from 'yaml';
import { pgRunner } from '../../src/cli/pgRunner';
import type { Catalog } from '../../src/core/catalog/model';
import { validateCatalogObject } from '../../src/core/catalog/parse';
import { instant } from '../../src/core/compiler/anchor';
import { evaluateBreakdown } from '../../src/core/evaluation/breakdown';
import { evaluateKpis, KpiEvaluation } from '../../src/core/evaluation/evaluate';
import { evaluateSeries } from '../../src/core/evaluation/series';
import { KpiDataSource } from '../../src/datasource/datasource';
import { withDefaults } from '../../src/query/defaults';
import { TEST_CATALOG_YAML } from '../../src/datasource/fixtures';
import { testTemplateSrv } from '../../src/datasource/testTemplateSrv';
import { STATUS_COLORS } from '../../src/datasource/thresholds';
import { KpiQuery } from '../../src/query/model';
import { createTestDatabase, TestDatabase } from '../support/db';
import { testKpiDataSource, TEST_PG } from '../support/kpiDataSource';
import { dsQueryStandIn, DsQueryStandIn } from '../support/dsQuery';

const AT = new Date('2025-03-31T00:00:00Z');
const DAY = 86_400_000;
const PG = TEST_PG;
const HOSTILE_TEAM = "x'); DROP TABLE portal.runs; --";
const TEAMS = ['red', "O'Brien", HOSTILE_TEAM, 'a;b', 'back\\slash'];

/** Runs per team in the current 7-day window `[AT-7d, AT)`: [runs, succeeded]. */
const CURRENT: Record<string, [number, number]> = {
  red: [10, 9],
  "O'Brien": [5, 3],
  [HOSTILE_TEAM]: [2, 2],
  'a;b': [1, 0],
  'back\\slash': [2, 1],
};

// ---- fixtures -----------------------------------------------------------------------------------

let db: TestDatabase;
let stand: DsQueryStandIn;
let catalog: Catalog;

async function seed() {
  await db.query('CREATE SCHEMA portal');
  await db.query('CREATE TABLE portal.runs (finished_at timestamptz, status text, team text, template text)');
  await db.query('CREATE TABLE portal.tickets (opened_at timestamptz, minutes double precision, team text)');
  const rows: Array<[Date, string, string]> = [];
  for (const [team, [runs, ok]] of Object.entries(CURRENT)) {
    for (let i = 0; i < runs; i++) {
      rows.push([
        new Date(AT.getTime() - DAY - i * 3_600_000 - TEAMS.indexOf(team) * 60_000),
        i < ok ? 'succeeded' : 'failed',
        team,
      ]);
    }
  }
  // Previous window [AT-14d, AT-7d): 10 runs, all succeeded.
  for (let i = 0; i < 10; i++) {
    rows.push([new Date(AT.getTime() - 8 * DAY - i * 3_600_000), 'succeeded', 'red']);
  }
  for (const [t, status, team] of rows) {
    await db.query('INSERT INTO portal.runs VALUES ($1, $2, $3, $4)', [t, status, team, 'vm']);
  }
  for (const [days, minutes] of [
    [1, 20],
    [2, 40],
    [3, 90],
    [8, 10],
    [9, 20],
  ]) {
    await db.query('INSERT INTO portal.tickets VALUES ($1, $2, $3)', [
      new Date(AT.getTime() - days * DAY),
      minutes,
      'red',
    ]);
  }
}

const dataSource = (rawCatalog: unknown = parse(TEST_CATALOG_YAML)): KpiDataSource =>
  testKpiDataSource({ catalog: rawCatalog });

function request(
  targets: Array<Partial<KpiQuery>>,
  from = new Date(AT.getTime() - 3 * DAY),
  intervalMs = DAY
): DataQueryRequest<KpiQuery> {
  return {
    requestId: 'test',
    interval: '1d',
    intervalMs,
    range: { from: dateTime(from), to: dateTime(AT), raw: { from: dateTime(from), to: dateTime(AT) } },
    scopedVars: {},
    targets: targets.map((t, i) => withDefaults({ refId: String.fromCharCode(65 + i), ...t })),
    timezone: 'utc',
    app: 'dashboard',
    startTime: Date.now(),
  };
}

/** What Grafana's query runner receives: query() returns an Observable, answered once. */
function ask(ds: KpiDataSource, req: DataQueryRequest<KpiQuery>): Promise<DataQueryResponse> {
  return lastValueFrom(ds.query(req));
}

/** The figures of one KPI frame, by field name. */
function figures(frame: DataFrame): Record<string, unknown> {
  return Object.fromEntries(frame.fields.map((f) => [f.name, f.values[0]]));
}

function expectFrameMatches(frame: DataFrame, e: KpiEvaluation) {
  expect(frame.name).toBe(e.name);
  expect(figures(frame)).toEqual({
    value: e.value,
    target: e.target,
    status: e.status,
    attainment: e.attainment,
    previous: e.previous,
    change: e.change,
    changePercent: e.changePercent,
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seed();
  stand = dsQueryStandIn(db.client, PG);
  setBackendSrv(stand.backend);
  setTemplateSrv(
    testTemplateSrv([
      { name: 'area', options: ['Provisioning', 'Support'], current: 'Provisioning' },
      { name: 'team', options: TEAMS, current: ["O'Brien", HOSTILE_TEAM, 'back\\slash'] },
      { name: 'teamAll', options: TEAMS, current: '$__all' },
      { name: 'dim', options: ['team'], current: 'team' },
    ])
  );
  catalog = validateCatalogObject(parse(TEST_CATALOG_YAML), 'test').catalog as Catalog;
});

afterAll(async () => {
  await db?.drop();
});

beforeEach(() => {
  stand.reset();
});

// ---- tests --------------------------------------------------------------------------------------

describe('KPI query', () => {
  it('returns the numbers `openkpi eval` gives, one frame per KPI', async () => {
    const response = await ask(dataSource(), request([{ queryType: 'kpi' }]));
    expect(response.errors).toBeUndefined();
    const expected = await evaluateKpis(catalog, { at: instant(AT) }, pgRunner(db.client));
    expect(response.data).toHaveLength(3);
    expected.kpis.forEach((e, i) => expectFrameMatches(response.data[i], e));
  });

  it('computes the figures written out by hand', async () => {
    const response = await ask(
      dataSource(),
      request([{ queryType: 'kpi', kpis: ['success_rate', 'resolution_minutes'] }])
    );
    const [rate, minutes] = response.data.map(figures);
    // 15 of 20 runs succeeded now, 10 of 10 before.
    expect(rate).toMatchObject({ value: 75, previous: 100, change: -25, status: 'critical', target: 95 });
    expect(rate.attainment).toBeCloseTo((100 * 75) / 95, 10);
    // avg(20, 40, 90) = 50 against warning 30 / critical 60 (lower is better); before avg(10, 20) = 15.
    expect(minutes).toMatchObject({ value: 50, previous: 15, change: 35, status: 'warning' });
    expect(minutes.attainment).toBeCloseTo((100 * 30) / 50, 10);
  });

  it('colours a default Stat panel with the KPI status', async () => {
    const response = await ask(dataSource(), request([{ queryType: 'kpi' }]));
    const theme = createTheme();
    const fieldConfig = { defaults: { color: { mode: FieldColorModeId.Thresholds } }, overrides: [] };
    const data = applyFieldOverrides({ data: response.data, fieldConfig, replaceVariables: (v) => v, theme });
    const shown = getFieldDisplayValues({
      data,
      reduceOptions: { calcs: ['lastNotNull'] },
      fieldConfig,
      replaceVariables: (v) => v,
      theme,
    });
    for (const frame of response.data) {
      const { status } = figures(frame) as { status: keyof typeof STATUS_COLORS };
      const display = shown.find((d) => d.display.title === frame.name);
      expect({ kpi: frame.name, color: display?.display.color }).toEqual({
        kpi: frame.name,
        color: theme.visualization.getColorByName(STATUS_COLORS[status]),
      });
    }
  });
});

describe('KPI query figures and no data', () => {
  it('returns only the chosen figures, in the chosen order', async () => {
    const response = await ask(
      dataSource(),
      request([{ queryType: 'kpi', kpis: ['success_rate'], figures: ['changePercent', 'target'] }])
    );
    const frame: DataFrame = response.data[0];
    expect(frame.fields.map((f) => f.name)).toEqual(['changePercent', 'target']);
    expect(figures(frame)).toEqual({ changePercent: -25, target: 95 });
  });

  it('shows a KPI without data as "No data" in the no-data colour, for both directions', async () => {
    // No run or ticket of this team: the ratio (higher is better) and the average (lower) are NULL.
    const response = await ask(
      dataSource(),
      request([
        {
          queryType: 'kpi',
          kpis: ['success_rate', 'resolution_minutes'],
          filters: [{ dimension: 'team', values: ['nobody'] }],
        },
      ])
    );
    expect(response.data.map((f: DataFrame) => [figures(f).value, figures(f).status])).toEqual([
      [null, 'no_data'],
      [null, 'no_data'],
    ]);
    const theme = createTheme();
    const fieldConfig = { defaults: { color: { mode: FieldColorModeId.Thresholds } }, overrides: [] };
    const data = applyFieldOverrides({ data: response.data, fieldConfig, replaceVariables: (v) => v, theme });
    const shown = getFieldDisplayValues({
      data,
      reduceOptions: { calcs: ['last'], fields: '' },
      fieldConfig,
      replaceVariables: (v) => v,
      theme,
    });
    const values = shown.filter((d) =>
      ['Successful provisioning rate', 'Ticket resolution time'].includes(d.display.title!)
    );
    expect(values.map((d) => [d.display.title, d.display.text, d.display.color])).toEqual([
      ['Successful provisioning rate', 'No data', theme.visualization.getColorByName(STATUS_COLORS.no_data)],
      ['Ticket resolution time', 'No data', theme.visualization.getColorByName(STATUS_COLORS.no_data)],
    ]);
  });
});

describe('template variables', () => {
  it('select KPIs and filter dimensions with values that reach SQL only as literals', async () => {
    const response = await ask(
      dataSource(),
      request([{ queryType: 'kpi', areas: ['$area'], filters: [{ dimension: 'team', values: ['$team'] }] }])
    );
    expect(response.errors).toBeUndefined();
    const [rate, count] = response.data.map(figures);
    // O'Brien 3/5, the hostile team 2/2, back\slash 1/2: 6 of 9.
    expect(count.value).toBe(9);
    expect(rate.value).toBeCloseTo((100 * 6) / 9, 10);
    const expected = await evaluateKpis(
      catalog,
      {
        kpiIds: ['success_rate', 'run_count'],
        at: instant(AT),
        filters: [{ dimension: 'team', values: ["O'Brien", HOSTILE_TEAM, 'back\\slash'] }],
      },
      pgRunner(db.client)
    );
    expected.kpis.forEach((e, i) => expectFrameMatches(response.data[i], e));
    const sql = stand.sql.join('\n');
    expect(sql).toContain(`'O''Brien'`);
    expect(sql).toContain(`'x''); DROP TABLE portal.runs; --'`);
    expect(sql).toContain(`E'back\\\\slash'`);
    // The table survived and every row is still there.
    expect(await db.query('SELECT count(*)::int AS n FROM portal.runs')).toEqual([{ n: 30 }]);
  });

  it('treat "All" as no filter', async () => {
    const all = await ask(
      dataSource(),
      request([{ queryType: 'kpi', kpis: ['run_count'], filters: [{ dimension: 'team', values: ['$teamAll'] }] }])
    );
    expect(figures(all.data[0]).value).toBe(20);
    expect(stand.sql.join('\n')).not.toContain('IN (');
  });

  it('list values of a declared dimension, hostile ones included', async () => {
    const values = await dataSource().metricFindQuery('values($dim)');
    expect(values.map((v) => v.value)).toEqual(
      [...TEAMS].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    );
    const areas = await dataSource().metricFindQuery('areas()');
    expect(areas.map((v) => v.text)).toEqual(['Provisioning', 'Support']);
  });
});

describe('Scorecard, Trend and Breakdown', () => {
  it('scorecard: one row per KPI, most severe first, same numbers', async () => {
    const response = await ask(dataSource(), request([{ queryType: 'scorecard' }]));
    const frame: DataFrame = response.data[0];
    const col = (name: string) => frame.fields.find((f) => f.name === name)?.values;
    expect(col('id')).toEqual(['success_rate', 'resolution_minutes', 'run_count']);
    expect(col('status')).toEqual(['critical', 'warning', 'ok']);
    const expected = await evaluateKpis(catalog, { at: instant(AT) }, pgRunner(db.client));
    for (const e of expected.kpis) {
      const row = (col('id') as string[]).indexOf(e.id);
      expect([col('value')?.[row], col('target')?.[row], col('previous')?.[row]]).toEqual([
        e.value,
        e.target,
        e.previous,
      ]);
    }
  });

  it('trend: the series `openkpi series` gives, step from the panel interval', async () => {
    const from = new Date(AT.getTime() - 3 * DAY);
    const response = await ask(dataSource(), request([{ queryType: 'trend', kpis: ['success_rate'] }], from, DAY));
    const frame = response.data[0];
    const expected = await evaluateSeries(
      catalog,
      {
        kpiId: 'success_rate',
        from,
        to: AT,
        step: { kind: 'rolling', amount: 1, unit: 'd', text: '1d' },
        mode: 'trend',
      },
      pgRunner(db.client)
    );
    expect(frame.fields[0].values).toEqual(expected.points.map((p) => Date.parse(p.time)));
    expect(frame.fields[1].values).toEqual(expected.points.map((p) => p.value));
    expect(frame.fields[1].values[frame.length - 1]).toBe(75);
    // The target line: success_rate's fixed target (95) at every point, unless turned off.
    expect(frame.fields[2]).toMatchObject({ name: 'target', values: expected.points.map(() => 95) });
    const without = await ask(
      dataSource(),
      request([{ queryType: 'trend', kpis: ['success_rate'], targetLine: false }], from, DAY)
    );
    expect(without.data[0].fields.map((f: { name: string }) => f.name)).toEqual(['time', 'value']);
  });

  it('trend: the last point is the KPI query’s value at the range end, whatever the range start', async () => {
    // A range of 3.5 days with a 1-day step: the grid is laid back from the range end.
    const from = new Date(AT.getTime() - 3.5 * DAY);
    const kpis = ['success_rate', 'resolution_minutes'];
    const response = await ask(
      dataSource(),
      request(
        [
          { queryType: 'trend', kpis },
          { queryType: 'kpi', kpis },
        ],
        from,
        DAY
      )
    );
    expect(response.errors).toBeUndefined();
    const [rate, minutes, rateNow, minutesNow] = response.data as DataFrame[];
    for (const [trend, now] of [
      [rate, rateNow],
      [minutes, minutesNow],
    ]) {
      const times = trend.fields[0].values;
      expect(times[times.length - 1]).toBe(AT.getTime());
      expect(trend.fields[1].values[trend.length - 1]).toBe(figures(now).value);
    }
    // Hand-checked: 15 of 20 runs succeeded in [AT-7d, AT); avg(20, 40, 90) = 50.
    expect([rate.fields[1].values[rate.length - 1], minutes.fields[1].values[minutes.length - 1]]).toEqual([75, 50]);
    // Four whole days back from AT, the first point one step after the grid start.
    expect(rate.fields[0].values).toEqual([3, 2, 1, 0].map((d) => AT.getTime() - d * DAY));
  });

  it('breakdown: the KPI per team as `openkpi breakdown` gives', async () => {
    const response = await ask(
      dataSource(),
      request([{ queryType: 'breakdown', kpis: ['run_count'], by: '$dim' } as Partial<KpiQuery>])
    );
    const frame = response.data[0];
    const expected = await evaluateBreakdown(
      catalog,
      { kpiId: 'run_count', by: 'team', at: instant(AT) },
      pgRunner(db.client)
    );
    expect(frame.fields[0].values).toEqual(expected.rows.map((r) => r.key));
    expect(frame.fields[1].values).toEqual(expected.rows.map((r) => r.value));
    expect(Object.fromEntries(expected.rows.map((r) => [r.key, r.value]))).toEqual(
      Object.fromEntries(Object.entries(CURRENT).map(([team, [runs]]) => [team, runs]))
    );
  });
});

describe('breakdowns a KPI cannot fully give', () => {
  /** The test catalog plus tickets with no dimension, and runs per ticket (a formula over both). */
  const withWhole = () => {
    const raw = parse(TEST_CATALOG_YAML);
    raw.sources.all_tickets = { table: 'portal.tickets', time: 'opened_at' };
    raw.kpis.push(
      { id: 'tickets_7d', name: 'Tickets', source: 'all_tickets', window: '7d', measure: { aggregate: 'count' } },
      { id: 'runs_per_ticket', name: 'Runs per ticket', measure: { formula: 'run_count / tickets_7d' } }
    );
    return raw;
  };
  const breakdown = (raw: unknown, kpis: string[], by: string) =>
    ask(dataSource(raw), request([{ queryType: 'breakdown', kpis, by } as Partial<KpiQuery>]));

  it('uses the whole value of an operand without the dimension on every row, with a notice', async () => {
    const response = await breakdown(withWhole(), ['runs_per_ticket'], 'team');
    expect(response.errors ?? []).toEqual([]);
    const [frame] = response.data as DataFrame[];
    // By hand: 3 tickets in [AT-7d, AT) (1, 2 and 3 days back), whatever their team.
    const byTeam = Object.fromEntries(
      frame.fields[0].values.map((k: string, i: number) => [k, frame.fields[1].values[i]])
    );
    expect(byTeam).toEqual(Object.fromEntries(Object.entries(CURRENT).map(([team, [runs]]) => [team, runs / 3])));
    const note = 'tickets_7d is not broken down by team: its whole value is used on every row';
    expect(frame.meta?.notices).toEqual([{ severity: 'info', text: note }]);
    expect(frame.fields[1].config.description).toBe(note);
  });

  it('shows no rows with the reason, not an error, for a KPI the dimension does not apply to', async () => {
    const response = await breakdown(withWhole(), ['run_count', 'resolution_minutes', 'tickets_7d'], 'template');
    expect(response.errors ?? []).toEqual([]);
    const [runs, minutes, tickets] = response.data as DataFrame[];
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.meta?.notices).toBeUndefined();
    expect([minutes.length, minutes.meta?.notices]).toEqual([
      0,
      [
        {
          severity: 'info',
          text: 'Ticket resolution time (resolution_minutes) is not broken down by template: it can be by team',
        },
      ],
    ]);
    expect([tickets.length, tickets.meta?.notices]).toEqual([
      0,
      [{ severity: 'info', text: 'Tickets (tickets_7d) has no dimension to break it down by' }],
    ]);
    const none = await breakdown(withWhole(), ['run_count'], '');
    expect(none.errors ?? []).toEqual([]);
    expect((none.data[0] as DataFrame).meta?.notices).toEqual([
      { severity: 'info', text: 'choose a dimension to break Provisioning runs (run_count) down by: team, template' },
    ]);
  });
});

describe('errors on the panel', () => {
  it('names an unknown KPI', async () => {
    const response = await ask(dataSource(), request([{ queryType: 'kpi', kpis: ['nope'] }]));
    expect(response.errors?.[0].message).toBe('unknown KPI "nope" (not in catalog "test-portal")');
  });

  it('names the KPI whose SQL fails and keeps the others', async () => {
    const raw = parse(TEST_CATALOG_YAML);
    raw.kpis[2].measure.expression = 'no_such_column';
    const response = await ask(dataSource(raw), request([{ queryType: 'kpi' }]));
    expect(response.data.map((f) => figures(f).status)).toEqual(['critical', 'ok', 'error']);
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0].message).toMatch(/^Ticket resolution time \(resolution_minutes\): .*no_such_column/);
  });

  it('reports an invalid catalog', async () => {
    const raw = parse(TEST_CATALOG_YAML);
    raw.kpis[0].direction = 'sideways';
    const response = await ask(dataSource(raw), request([{ queryType: 'kpi' }]));
    expect(response.errors?.[0].message).toMatch(
      /^invalid OpenKPI catalog: jsonData\.catalog:0:0: kpis\[0\]\.direction/
    );
  });
});

describe('Save & test', () => {
  it('evaluates every source and KPI (as the test superuser: with the role warning, tests/integration/health.test.ts)', async () => {
    const result = await dataSource().testDatasource();
    expect(result.status).toBe('warning');
    expect(result.message).toMatch(
      /^Catalog test-portal: 3 KPIs and 2 sources evaluated on PostgreSQL, but the role is a superuser/
    );
  });

  it('names the source that cannot be queried', async () => {
    const raw = parse(TEST_CATALOG_YAML);
    raw.sources.runs.dimensions = ['team', 'colour'];
    const result = await dataSource(raw).testDatasource();
    expect(result).toMatchObject({ status: 'error' });
    expect(result.message).toMatch(/^Source runs cannot be queried: .*colour/);
  });

  it('names the KPI that fails', async () => {
    const raw = parse(TEST_CATALOG_YAML);
    raw.kpis[1].measure = { aggregate: 'sum', expression: 'status' };
    const result = await dataSource(raw).testDatasource();
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/^KPI Provisioning runs \(run_count\): /);
  });
});

describe('one refresh, few calls', () => {
  // The calls of the panels' statements. Reading rollups (the default) adds a first call with the
  // probe to every refresh, counted in datasourceRollups.test.ts and dashboardLoad.test.ts.
  const dataSource = (): KpiDataSource => testKpiDataSource({ catalog: parse(TEST_CATALOG_YAML), rollups: false });
  /** A panel's request as Grafana's query runner builds it: its own requestId, the dashboard's range. */
  const panel = (panelId: number, targets: Array<Partial<KpiQuery>>, to = AT): DataQueryRequest<KpiQuery> => ({
    ...request(targets),
    requestId: `SQR${panelId}`,
    dashboardUID: 'overview',
    panelId,
    range: {
      from: dateTime(to.getTime() - 3 * DAY),
      to: dateTime(to),
      raw: { from: dateTime(to.getTime() - 3 * DAY), to: dateTime(to) },
    },
  });
  const PANELS: Array<Array<Partial<KpiQuery>>> = [
    [{ queryType: 'scorecard' }],
    [{ queryType: 'scorecard' }],
    [
      { queryType: 'trend', kpis: ['success_rate'] },
      { queryType: 'kpi', kpis: ['success_rate'] },
    ],
    [
      { queryType: 'trend', kpis: ['run_count'] },
      { queryType: 'kpi', kpis: ['run_count'] },
    ],
    [{ queryType: 'trend', kpis: ['success_rate'] }],
  ];
  const refresh = (to = AT) => PANELS.map((targets, i) => panel(i + 1, targets, to));
  const until = async (done: () => boolean) => {
    while (!done()) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it('answers the panels of one refresh with one call: evaluations merged, identical statements once', async () => {
    const ds = dataSource();
    const responses = await Promise.all(refresh().map((r) => ask(ds, r)));
    expect(stand.calls).toHaveLength(1);
    // One evaluation for both scorecards and both KPI queries; success_rate's trend asked twice, sent once.
    expect(stand.calls[0].sql.filter((s) => s.includes('buckets'))).toHaveLength(2);
    expect(stand.calls[0].sql).toHaveLength(3);
    // Each panel still gets its own frames, with the numbers written out by hand.
    const scorecard = responses[0].data[0] as DataFrame;
    expect(scorecard.fields.find((f) => f.name === 'id')?.values).toEqual([
      'success_rate',
      'resolution_minutes',
      'run_count',
    ]);
    expect(responses[1].data).toHaveLength(1);
    const [trend, now] = responses[2].data as DataFrame[];
    expect(trend.fields[1].values[trend.length - 1]).toBe(75);
    expect(figures(now).value).toBe(75);
    expect(figures(responses[3].data[1]).value).toBe(20);
    expect(responses[4].data).toHaveLength(1);
    expect(responses.map((r) => r.errors)).toEqual(PANELS.map(() => undefined));
  });

  it('keeps nothing after the refresh: the next one asks the database again', async () => {
    const ds = dataSource();
    await Promise.all(refresh().map((r) => ask(ds, r)));
    await Promise.all(refresh().map((r) => ask(ds, r)));
    expect(stand.calls).toHaveLength(2);
    expect(stand.calls[1].sql).toEqual(stand.calls[0].sql);
  });

  it('sends one requestId per set of panels, whatever the range', async () => {
    const ds = dataSource();
    await Promise.all(refresh().map((r) => ask(ds, r)));
    await Promise.all(refresh(new Date(AT.getTime() - DAY)).map((r) => ask(ds, r)));
    await ask(ds, panel(9, [{ queryType: 'kpi' }]));
    const [first, second, lazy] = stand.calls.map((c) => c.requestId);
    expect(first).toMatch(/^openkpi-openkpi-/);
    expect(second).toBe(first);
    expect(lazy).not.toBe(first);
  });

  it('aborts the call when every panel of the refresh unsubscribed (Grafana re-running the panels)', async () => {
    const ds = dataSource();
    const release = stand.hold();
    const subscriptions = refresh().map((r) => ds.query(r).subscribe());
    await until(() => stand.calls.length === 1);
    subscriptions.forEach((s) => s.unsubscribe());
    release();
    expect(stand.calls[0].aborted).toBe(true);
    const responses = await Promise.all(refresh().map((r) => ask(ds, r)));
    expect(stand.calls).toHaveLength(2);
    expect(stand.calls[1].aborted).toBe(false);
    expect(figures(responses[2].data[1]).value).toBe(75);
  });

  it('a newer refresh of the same panels supersedes the older call by requestId; its panels never show stale numbers', async () => {
    const ds = dataSource();
    const release = stand.hold();
    const older = Promise.all(refresh().map((r) => ask(ds, r)));
    await until(() => stand.calls.length === 1);
    const newer = Promise.all(refresh().map((r) => ask(ds, r)));
    await until(() => stand.calls.length === 2);
    release();
    expect(stand.calls[0].superseded).toBe(true);
    const olderResponses = await older;
    // Every panel of the older refresh says so, and shows no number.
    const messages = olderResponses.flatMap((r) => (r.errors ?? []).map((e) => e.message));
    expect(olderResponses.every((r) => (r.errors ?? []).length > 0)).toBe(true);
    expect(messages.filter((m) => !m?.includes('superseded'))).toEqual([]);
    const values = olderResponses.flatMap((r) =>
      (r.data as DataFrame[]).flatMap((f) => f.fields.find((x) => x.name === 'value')?.values ?? [])
    );
    expect(values.filter((v) => v !== null)).toEqual([]);
    const newerResponses = await newer;
    expect(newerResponses.map((r) => r.errors)).toEqual(PANELS.map(() => undefined));
    expect(figures(newerResponses[2].data[1]).value).toBe(75);
  });

  it('a panel that loads later (another set of panels) does not cancel the refresh in flight', async () => {
    const ds = dataSource();
    const release = stand.hold();
    const first = Promise.all(refresh().map((r) => ask(ds, r)));
    await until(() => stand.calls.length === 1);
    const later = ask(ds, panel(9, [{ queryType: 'kpi', kpis: ['run_count'] }]));
    await until(() => stand.calls.length === 2);
    release();
    expect((await first).map((r) => r.errors)).toEqual(PANELS.map(() => undefined));
    expect(figures((await later).data[0]).value).toBe(20);
    expect(stand.calls.map((c) => c.superseded || c.aborted)).toEqual([false, false]);
  });
});
