/** @jest-environment jsdom */
/**
 * jsdom, not node: @grafana/data reads `window` when it loads; pg still runs on Node's sockets.
 *
 * The data source reads rollups unless an admin turned it off (`jsonData.rollups: false`,
 * docs/rollups.md): each refresh asks which of the catalog's rollups exist and its role may read
 * in its first `/api/ds/query` call and sends every panel's statement in the next, compiled to
 * read them; the frames equal those of a data source reading raw rows. Turned off, nothing is
 * probed. A PostgreSQL role without the grants on `openkpi` reads raw rows, without an error.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataFrame, DataQueryRequest, dateTime } from '@grafana/data';
import { setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { parse } from 'yaml';
import { validateCatalogObject } from '../../src/core/catalog/parse';
import { KpiDataSource } from '../../src/datasource/datasource';
import { testTemplateSrv } from '../../src/datasource/testTemplateSrv';
import { withDefaults } from '../../src/query/defaults';
import type { KpiQuery } from '../../src/query/model';
import { createTestDatabase, TestDatabase } from '../support/db';
import { testKpiDataSource, TEST_PG } from '../support/kpiDataSource';
import { dsQueryStandIn, DsQueryStandIn } from '../support/dsQuery';
import { pgRunner, refreshRollups } from '../support/fixtures';

const PG = TEST_PG;
const DAY = 86_400_000;
// A dashboard's range end: off the hour, as `now` is.
const AT = new Date('2025-03-31T09:41:27.512Z');

const CATALOG = `
apiVersion: openkpi/v1
name: ds-rollups
timezone: Europe/Berlin
sources:
  runs: { table: runs, time: t, dimensions: [team] }
kpis:
  - { id: run_count, name: Runs, source: runs, window: 7d, measure: { aggregate: count } }
  - { id: minutes, name: Minutes, source: runs, window: month, measure: { aggregate: sum, expression: minutes } }
  - id: success_rate
    name: Success rate
    source: runs
    window: 7d
    measure: { ratio: { numerator: { aggregate: count, filter: "ok" }, denominator: { aggregate: count } }, scale: 100 }
objectives:
  - id: more_runs
    title: More runs
    from: 2025-02-10
    keyResults:
      - { kpi: run_count, target: 600, by: 2025-04-30 }
      - { kpi: minutes, target: 9000, by: 2025-03-20, baseline: 0 }
`;

/**
 * A catalog with a rollup (of `job_count`'s source) whose other KPIs no rollup can answer: an exact
 * percentile, an exact distinct count and a formula of them.
 */
const MIXED = `
apiVersion: openkpi/v1
name: ds-mixed
timezone: Europe/Berlin
sources:
  jobs: { table: jobs, time: t, dimensions: [team, region] }
kpis:
  - { id: job_count, name: Jobs, source: jobs, window: 7d, measure: { aggregate: count } }
  - { id: slowest, name: "O'Brien's slowest", source: jobs, window: 7d, measure: { aggregate: p95, expression: minutes } }
  - { id: regions, name: Regions, source: jobs, window: 7d, measure: { aggregate: count_distinct, expression: region } }
  - { id: spread, name: Spread, window: 7d, measure: { formula: "slowest / regions" } }
`;

let db: TestDatabase;
let stand: DsQueryStandIn;

/** A data source whose `rollups` setting is `rollups` (undefined: never set, as provisioning leaves it). */
const dataSource = (rollups?: boolean): KpiDataSource =>
  testKpiDataSource({ catalog: parse(CATALOG), ...(rollups === undefined ? {} : { rollups }) });

/** The panels of an overview (a scorecard, trends of rolling and month windows, a breakdown), a backtest and objectives. */
function panels(targets: Array<Array<Partial<KpiQuery>>> = OVERVIEW): Array<DataQueryRequest<KpiQuery>> {
  const from = new Date(AT.getTime() - 30 * DAY);
  return targets.map((t, i) => ({
    requestId: `SQR${i}`,
    dashboardUID: 'overview',
    panelId: i + 1,
    interval: '1d',
    intervalMs: DAY,
    range: { from: dateTime(from), to: dateTime(AT), raw: { from: dateTime(from), to: dateTime(AT) } },
    scopedVars: {},
    targets: t.map((q, j) => withDefaults({ refId: String.fromCharCode(65 + j), ...q } as KpiQuery)),
    timezone: 'utc',
    app: 'dashboard',
    startTime: 0,
  }));
}

const OVERVIEW: Array<Array<Partial<KpiQuery>>> = [
  [{ queryType: 'scorecard' }],
  [{ queryType: 'trend', kpis: ['run_count'] }],
  [{ queryType: 'trend', kpis: ['success_rate'] }],
  [{ queryType: 'trend', kpis: ['minutes'] }],
  [{ queryType: 'breakdown', kpis: ['success_rate'], by: 'team' }],
  [{ queryType: 'backtest', kpis: ['run_count'], step: '1d', warning: 40 }],
  [{ queryType: 'objectives' }],
];

const load = (ds: KpiDataSource) => Promise.all(panels().map((r) => lastValueFrom(ds.query(r))));

/** Frames as plain values (what a panel draws). */
const values = (frames: DataFrame[]) => frames.map((f) => f.fields.map((x) => [x.name, [...x.values]]));

beforeAll(async () => {
  db = await createTestDatabase();
  await db.query('CREATE TABLE runs (t timestamptz, ok boolean, minutes int, team text)');
  await db.query(`INSERT INTO runs SELECT '2025-02-01T00:00:00Z'::timestamptz + (g * 7919 % 5011200) * interval '1 second',
      g % 4 <> 0, g % 37, CASE WHEN g % 3 = 0 THEN 'red' ELSE 'blue' END FROM generate_series(1, 3000) g`);
  await db.query(
    `CREATE TABLE jobs AS SELECT t, minutes, team, CASE WHEN minutes % 2 = 0 THEN 'eu' ELSE 'us' END AS region FROM runs`
  );
  for (const [yaml, file] of [
    [CATALOG, 'ds-rollups.yaml'],
    [MIXED, 'ds-mixed.yaml'],
  ]) {
    await refreshRollups(validateCatalogObject(parse(yaml), file).catalog!, pgRunner(db), 0);
  }
  stand = dsQueryStandIn(db.client, PG);
  setBackendSrv(stand.backend);
  setTemplateSrv(testTemplateSrv([]));
});
afterAll(() => db.drop());
beforeEach(() => stand.reset());

it('by default probes in the first call, reads the rollup in the second, and draws the same frames as raw rows', async () => {
  const raw = await load(dataSource(false));
  // Turned off: one call, nothing probed.
  expect(stand.calls).toHaveLength(1);
  expect(stand.calls[0].sql.some((s) => s.includes('openkpi.') || s.includes('pg_class'))).toBe(false);
  for (const setting of [undefined, true]) {
    stand.reset();
    const rolled = await load(dataSource(setting));
    expect(stand.calls).toHaveLength(2);
    expect(stand.calls[0].sql).toHaveLength(1);
    expect(stand.calls[0].sql[0]).toContain('pg_class');
    // Every statement of the second call reads the rollup: scorecard, three trends, breakdown and
    // objectives (the backtest's statement is the run_count trend's, sent once).
    expect(stand.calls[1].sql).toHaveLength(6);
    stand.calls[1].sql.forEach((s) => expect(s).toContain('"rollup_ds_rollups__runs"'));
    expect(rolled.map((r) => values(r.data))).toEqual(raw.map((r) => values(r.data)));
    expect(rolled.flatMap((r) => r.errors ?? [])).toEqual([]);
  }
});

/** The same rows, a catalog with no KPI a rollup can answer: exact percentiles, distinct counts, a formula of them. */
const EXACT_ONLY = `
apiVersion: openkpi/v1
name: ds-exact
timezone: Europe/Berlin
sources:
  runs: { table: runs, time: t, dimensions: [team] }
kpis:
  - { id: run_count, name: Slowest runs, source: runs, window: 7d, measure: { aggregate: p95, expression: minutes } }
  - { id: success_rate, name: Teams, source: runs, window: 7d, measure: { aggregate: count_distinct, expression: team } }
  - { id: minutes, name: Per team, window: month, measure: { formula: "run_count / success_rate" } }
`;

it('sends no probe for a catalog with no KPI a rollup can answer: one call, the same frames as with rollups turned off', async () => {
  const exact = (rollups?: boolean) =>
    testKpiDataSource({ catalog: parse(EXACT_ONLY), ...(rollups === undefined ? {} : { rollups }) });
  // The panels without the objectives (this catalog has none).
  const requests = panels().slice(0, -1);
  const loadWith = (ds: KpiDataSource) => Promise.all(requests.map((r) => lastValueFrom(ds.query(r))));
  const off = await loadWith(exact(false));
  expect(stand.calls).toHaveLength(1);
  stand.reset();
  const on = await loadWith(exact());
  expect(stand.calls).toHaveLength(1);
  expect(stand.calls[0].sql.some((s) => s.includes('pg_class') || s.includes('openkpi.'))).toBe(false);
  expect(on.map((r) => r.errors ?? [])).toEqual(requests.map(() => []));
  expect(on.map((r) => values(r.data))).toEqual(off.map((r) => values(r.data)));
});

/** Panels of the mixed catalog that no rollup can answer, each for its own reason. */
const NO_ROLLUP: Array<Array<Partial<KpiQuery>>> = [
  // An exact percentile, an exact distinct count and a formula of them.
  [{ queryType: 'scorecard', kpis: ['slowest', 'regions', 'spread'] }],
  [{ queryType: 'kpi', kpis: ['spread'] }],
  [{ queryType: 'trend', kpis: ['slowest'] }],
  [{ queryType: 'trend', kpis: ['spread'] }],
  // A rollup keeps one dimension per row: filtered by two, or broken down by one and filtered by another, raw rows.
  [
    {
      queryType: 'kpi',
      kpis: ['job_count'],
      filters: [
        { dimension: 'team', values: ['red'] },
        { dimension: 'region', values: ['eu', "O'Brien"] },
      ],
    },
  ],
  [{ queryType: 'breakdown', kpis: ['job_count'], by: 'team', filters: [{ dimension: 'region', values: ['eu'] }] }],
];

it('sends no probe for a refresh whose queries no rollup can answer, in a catalog that has one', async () => {
  const mixed = (rollups?: boolean) =>
    testKpiDataSource({ catalog: parse(MIXED), ...(rollups === undefined ? {} : { rollups }) });
  const requests = panels(NO_ROLLUP);
  const loadWith = (ds: KpiDataSource) => Promise.all(requests.map((r) => lastValueFrom(ds.query(r))));
  const off = await loadWith(mixed(false));
  expect(stand.calls).toHaveLength(1);
  const offSql = stand.calls[0].sql;
  stand.reset();
  const on = await loadWith(mixed());
  // One call, the very statements of a data source with rollups turned off: no probe, no rollup.
  expect(stand.calls).toHaveLength(1);
  expect(stand.calls[0].sql.some((s) => s.includes('pg_class') || s.includes('"openkpi"'))).toBe(false);
  expect(stand.calls[0].sql).toEqual(offSql);
  expect(on.map((r) => r.errors ?? [])).toEqual(requests.map(() => []));
  expect(on.map((r) => values(r.data))).toEqual(off.map((r) => values(r.data)));
  // Each panel drew something: the KPIs' values are there, not empty frames.
  expect(on.every((r) => r.data.length > 0)).toBe(true);
});

it('probes and reads the rollup as soon as one query of the refresh can, the others waiting for it', async () => {
  const requests = panels([...NO_ROLLUP, [{ queryType: 'trend', kpis: ['job_count'] }]]);
  const loadWith = (rollups: boolean) => {
    const ds = testKpiDataSource({ catalog: parse(MIXED), rollups });
    return Promise.all(requests.map((r) => lastValueFrom(ds.query(r))));
  };
  const off = await loadWith(false);
  const offSql = stand.calls.flatMap((c) => c.sql);
  stand.reset();
  const on = await loadWith(true);
  expect(stand.calls).toHaveLength(2);
  expect(stand.calls[0].sql).toHaveLength(1);
  expect(stand.calls[0].sql[0]).toContain('pg_class');
  const reads = (s: string) => s.includes('"rollup_ds_mixed__jobs"');
  // The job_count trend reads the rollup; the other panels' statements are the raw-row ones.
  expect(stand.calls[1].sql.filter(reads)).toHaveLength(1);
  expect(offSql.some(reads)).toBe(false);
  stand.calls[1].sql.filter((s) => !reads(s)).forEach((s) => expect(offSql).toContain(s));
  expect(stand.calls[1].sql).toHaveLength(offSql.length);
  expect(on.map((r) => r.errors ?? [])).toEqual(requests.map(() => []));
  expect(on.map((r) => values(r.data))).toEqual(off.map((r) => values(r.data)));
});

it('probes once per refresh, whatever the number of panels, and again at the next refresh', async () => {
  const ds = dataSource();
  for (const refresh of [1, 2]) {
    stand.reset();
    await load(ds);
    const probes = stand.calls.flatMap((c) => c.sql).filter((s) => s.includes('pg_class'));
    expect({ refresh, calls: stand.calls.length, probes: probes.length }).toEqual({ refresh, calls: 2, probes: 1 });
  }
});

it('reads raw rows, without an error, as a PostgreSQL role that may not read the rollups', async () => {
  const role = `openkpi_viewer_${randomBytes(4).toString('hex')}`;
  const raw = await load(dataSource(false));
  await db.query(`CREATE ROLE ${role} NOLOGIN`);
  await db.query(`GRANT SELECT ON runs TO ${role}`);
  // Grafana's user, as the role: a second connection that takes it on.
  const viewer = new Client({ connectionString: db.url });
  await viewer.connect();
  try {
    await viewer.query(`SET ROLE ${role}`);
    const asViewer = dsQueryStandIn(viewer, PG);
    setBackendSrv(asViewer.backend);
    const readsAs = async (): Promise<boolean> => {
      asViewer.reset();
      const frames = await load(dataSource());
      expect(frames.flatMap((r) => r.errors ?? [])).toEqual([]);
      expect(frames.map((r) => values(r.data))).toEqual(raw.map((r) => values(r.data)));
      expect(asViewer.calls).toHaveLength(2);
      return asViewer.calls[1].sql.some((s) => s.includes('"rollup_ds_rollups__runs"'));
    };
    // No USAGE on the schema openkpi (a new schema's default), then USAGE but no SELECT: raw rows.
    expect(await readsAs()).toBe(false);
    await db.query(`GRANT USAGE ON SCHEMA openkpi TO ${role}`);
    expect(await readsAs()).toBe(false);
    // The grant docs/rollups.md asks for: the rollup is read.
    await db.query(`GRANT SELECT ON ALL TABLES IN SCHEMA openkpi TO ${role}`);
    expect(await readsAs()).toBe(true);
  } finally {
    setBackendSrv(stand.backend);
    await viewer.end();
    await db.query(`DROP OWNED BY ${role}`);
    await db.query(`DROP ROLE ${role}`);
  }
});

it('reads raw rows when the rollup is missing, in the same two calls', async () => {
  await db.query('ALTER TABLE openkpi.rollup_ds_rollups__runs RENAME TO gone');
  try {
    const frames = await load(dataSource());
    expect(stand.calls).toHaveLength(2);
    stand.calls[1].sql.forEach((s) => expect(s).not.toContain('"rollup_ds_rollups__runs"'));
    stand.reset();
    expect(frames.map((r) => values(r.data))).toEqual((await load(dataSource(false))).map((r) => values(r.data)));
  } finally {
    await db.query('ALTER TABLE openkpi.gone RENAME TO rollup_ds_rollups__runs');
  }
});
