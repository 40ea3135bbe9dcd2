/** @jest-environment jsdom */
/**
 * jsdom, not node: @grafana/data reads `window` when it loads; pg still runs on Node's sockets.
 *
 * The data source reads rollups when its settings say they are maintained (`jsonData.rollups`,
 * docs/rollups.md): each refresh asks which of the catalog's rollups exist in its first
 * `/api/ds/query` call and sends every panel's statement in the next, compiled to read them; the
 * frames equal those of a data source reading raw rows. Without the setting nothing is probed.
 */
import { DataFrame, DataQueryRequest, dateTime } from '@grafana/data';
import { setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { parse } from 'yaml';
import { validateCatalogObject } from '../../src/core/catalog/parse';
import { rollupPlans } from '../../src/core/rollup/plan';
import { refreshRollup } from '../../src/core/rollup/refresh';
import { KpiDataSource } from '../../src/datasource/datasource';
import { testTemplateSrv } from '../../src/datasource/testTemplateSrv';
import { withDefaults } from '../../src/query/defaults';
import type { KpiQuery } from '../../src/query/model';
import { createTestDatabase, TestDatabase } from '../support/db';
import { testKpiDataSource, TEST_PG } from '../support/kpiDataSource';
import { dsQueryStandIn, DsQueryStandIn } from '../support/dsQuery';
import { pgRunner } from '../support/fixtures';

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
`;

let db: TestDatabase;
let stand: DsQueryStandIn;

const dataSource = (rollups: boolean): KpiDataSource => testKpiDataSource({ catalog: parse(CATALOG), rollups });

/** The panels of an overview: a scorecard, trends (rolling and month windows) and a breakdown. */
function panels(): Array<DataQueryRequest<KpiQuery>> {
  const targets: Array<Array<Partial<KpiQuery>>> = [
    [{ queryType: 'scorecard' }],
    [{ queryType: 'trend', kpis: ['run_count'] }],
    [{ queryType: 'trend', kpis: ['success_rate'] }],
    [{ queryType: 'trend', kpis: ['minutes'] }],
    [{ queryType: 'breakdown', kpis: ['success_rate'], by: 'team' }],
  ];
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

const load = (ds: KpiDataSource) => Promise.all(panels().map((r) => lastValueFrom(ds.query(r))));

/** Frames as plain values (what a panel draws). */
const values = (frames: DataFrame[]) => frames.map((f) => f.fields.map((x) => [x.name, [...x.values]]));

beforeAll(async () => {
  db = await createTestDatabase();
  await db.query('CREATE TABLE runs (t timestamptz, ok boolean, minutes int, team text)');
  await db.query(`INSERT INTO runs SELECT '2025-02-01T00:00:00Z'::timestamptz + (g * 7919 % 5011200) * interval '1 second',
      g % 4 <> 0, g % 37, CASE WHEN g % 3 = 0 THEN 'red' ELSE 'blue' END FROM generate_series(1, 3000) g`);
  const catalog = validateCatalogObject(parse(CATALOG), 'ds-rollups.yaml').catalog!;
  await Promise.all(rollupPlans(catalog).map((p) => refreshRollup(p, pgRunner(db), { lateSeconds: 0 })));
  stand = dsQueryStandIn(db.client, PG);
  setBackendSrv(stand.backend);
  setTemplateSrv(testTemplateSrv([]));
});
afterAll(() => db.drop());
beforeEach(() => stand.reset());

it('probes in the first call, reads the rollup in the second, and draws the same frames as raw rows', async () => {
  const raw = await load(dataSource(false));
  expect(stand.calls).toHaveLength(1);
  expect(stand.calls[0].sql.some((s) => s.includes('openkpi.'))).toBe(false);
  stand.reset();
  const rolled = await load(dataSource(true));
  expect(stand.calls).toHaveLength(2);
  expect(stand.calls[0].sql).toHaveLength(1);
  expect(stand.calls[0].sql[0]).toContain('pg_class');
  // Every statement of the second call reads the rollup: the scorecard, the three trends, the breakdown.
  expect(stand.calls[1].sql).toHaveLength(5);
  stand.calls[1].sql.forEach((s) => expect(s).toContain('"rollup_ds_rollups__runs"'));
  expect(rolled.map((r) => values(r.data))).toEqual(raw.map((r) => values(r.data)));
  expect(rolled.flatMap((r) => r.errors ?? [])).toEqual([]);
});

it('reads raw rows when the rollup is missing, in the same two calls', async () => {
  await db.query('ALTER TABLE openkpi.rollup_ds_rollups__runs RENAME TO gone');
  try {
    const frames = await load(dataSource(true));
    expect(stand.calls).toHaveLength(2);
    stand.calls[1].sql.forEach((s) => expect(s).not.toContain('"rollup_ds_rollups__runs"'));
    stand.reset();
    expect(frames.map((r) => values(r.data))).toEqual((await load(dataSource(false))).map((r) => values(r.data)));
  } finally {
    await db.query('ALTER TABLE openkpi.gone RENAME TO rollup_ds_rollups__runs');
  }
});
