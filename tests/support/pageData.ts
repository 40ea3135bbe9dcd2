/**
 * Real data for the pages' component tests: a small catalog, tables filled relative to now (the
 * pages evaluate at now), and OpenKPI data sources — the plugin's own KpiDataSource — whose SQL
 * runs through the `/api/ds/query` stand-in on the test database. Expected numbers in the tests
 * are written out by hand from the rows below.
 */
import type { DataSourceInstanceSettings } from '@grafana/data';
import { getDataSourceSrv, setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import { parse } from 'yaml';
import { KpiDataSource } from '../../src/datasource/datasource';
import { testTemplateSrv } from '../../src/datasource/testTemplateSrv';
import type { KpiDataSourceOptions } from '../../src/datasource/types';
import { dsQueryStandIn, DsQueryStandIn } from './dsQuery';
import { createTestDatabase, TestDatabase } from './db';

export const HOUR = 3_600_000;
/** The PostgreSQL data source the page data sources run on. */
export const PAGE_POSTGRES = { uid: 'openkpi-postgres', type: 'grafana-postgresql-datasource' };
export const DAY = 24 * HOUR;

export const PAGE_CATALOG_YAML = `apiVersion: openkpi/v1
name: page-test
title: Page test
timezone: UTC
sources:
  runs:
    table: portal.runs
    time: finished_at
    dimensions: [team]
    freshness: 6h
  tickets:
    table: portal.tickets
    time: opened_at
    dimensions: [team]
  events:
    table: portal.events
    time: at
    freshness: 1h
kpis:
  - id: success_rate
    name: Successful provisioning rate
    area: Provisioning
    owner: platform-team
    tags: [reliability]
    unit: percent
    decimals: 1
    source: runs
    window: 7d
    measure:
      ratio:
        numerator: { aggregate: count, filter: "status = 'succeeded'" }
        denominator: { aggregate: count }
      scale: 100
    direction: higher
    target: 95
    thresholds: { warning: 95, critical: 90 }
  - id: run_count
    name: Provisioning runs
    area: Provisioning
    owner: platform-team
    tags: [volume]
    source: runs
    window: 7d
    measure: { aggregate: count }
    target: 10
  - id: resolution_minutes
    name: Ticket resolution time
    area: Support
    owner: support-team
    tags: [reliability]
    unit: m
    source: tickets
    window: 7d
    measure: { aggregate: avg, expression: minutes }
    direction: lower
    target: 30
    thresholds: { warning: 30, critical: 60 }
  - id: event_count
    name: Events received
    area: Support
    owner: support-team
    source: events
    window: 7d
    measure: { aggregate: count }
    target: 1
  - id: escalation_minutes
    name: Escalation time
    area: Support
    owner: support-team
    unit: m
    source: tickets
    filter: "team = 'nobody'"
    window: 7d
    measure: { aggregate: avg, expression: minutes }
    direction: lower
    target: 30
`;

/**
 * A KPI no rollup answers (an exact percentile of tickets, a source with a rollup plan): its pages
 * read raw rows and ask nothing about rollups. The last 7 days' tickets are 20, 40 and 90 min:
 * percentile_cont(0.95) = 40 + 0.9 × (90 − 40) = 85.
 */
export const EXACT_P95_YAML = `
  - id: resolution_p95
    name: Ticket resolution p95
    unit: m
    source: tickets
    window: 7d
    measure: { aggregate: p95, expression: minutes }
    direction: lower
    target: 60
`;

/** Whether a statement is the rollup probe (core/rollup/probe.ts: it reads pg_class). */
export const isRollupProbe = (sql: string): boolean => sql.includes('pg_catalog.pg_class');

/**
 * Rows, by hand: runs in the last 7 days 20 (15 succeeded: 75 %, critical), the 7 days before 10
 * (all succeeded: 100 %), the latest an hour ago; tickets now 20, 40 and 90 min (avg 50, warning),
 * before 10 and 20 (avg 15); one event three days ago (stale: freshness 1h); no ticket of team
 * "nobody" (no data).
 */
export async function seedPageData(db: TestDatabase, now = Date.now()): Promise<void> {
  await db.query('CREATE SCHEMA portal');
  await db.query('CREATE TABLE portal.runs (finished_at timestamptz, status text, team text)');
  await db.query('CREATE TABLE portal.tickets (opened_at timestamptz, minutes double precision, team text)');
  await db.query('CREATE TABLE portal.events (at timestamptz)');
  for (let i = 0; i < 20; i++) {
    await db.query('INSERT INTO portal.runs VALUES ($1, $2, $3)', [
      new Date(now - HOUR - i * 6 * HOUR),
      i < 15 ? 'succeeded' : 'failed',
      'red',
    ]);
  }
  for (let i = 0; i < 10; i++) {
    await db.query('INSERT INTO portal.runs VALUES ($1, $2, $3)', [
      new Date(now - 8 * DAY - i * HOUR),
      'succeeded',
      'red',
    ]);
  }
  for (const [days, minutes] of [
    [1, 20],
    [2, 40],
    [3, 90],
    [8, 10],
    [9, 20],
  ]) {
    await db.query('INSERT INTO portal.tickets VALUES ($1, $2, $3)', [new Date(now - days * DAY), minutes, 'red']);
  }
  await db.query('INSERT INTO portal.events VALUES ($1)', [new Date(now - 3 * DAY)]);
}

/** A KPI data source's instance settings as Grafana's boot data holds them. */
export function kpiSettings(
  uid: string,
  name: string,
  jsonData: KpiDataSourceOptions
): DataSourceInstanceSettings<KpiDataSourceOptions> {
  return {
    id: 1,
    uid,
    name,
    type: 'openkpi-kpi-datasource',
    access: 'proxy',
    readOnly: false,
    meta: { id: 'openkpi-kpi-datasource', name: 'OpenKPI', type: 'datasource' },
    jsonData: { postgresUid: PAGE_POSTGRES.uid, postgresType: PAGE_POSTGRES.type, ...jsonData },
  } as unknown as DataSourceInstanceSettings<KpiDataSourceOptions>;
}

/** The page catalog as provisioning stores it (an object in jsonData). */
export function pageCatalog(): unknown {
  return parse(PAGE_CATALOG_YAML);
}

let standIn: DsQueryStandIn | undefined;

/**
 * A test database with the page data, Grafana's backendSrv played by the stand-in on it, and
 * `getDataSourceSrv()` (mocked by the test file) answering with real KpiDataSource instances.
 */
export async function pageDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  await seedPageData(db);
  standIn = dsQueryStandIn(db.client, PAGE_POSTGRES);
  setBackendSrv(standIn.backend);
  setTemplateSrv(testTemplateSrv([]));
  return db;
}

/** The /api/ds/query stand-in pageDatabase put behind backendSrv: every statement the pages sent. */
export function pageQueries(): DsQueryStandIn {
  if (!standIn) {
    throw new Error('pageDatabase() has not run');
  }
  return standIn;
}

/** Points the mocked getDataSourceSrv at these settings, instantiating the plugin's data source. */
export function useKpiSources(list: Array<DataSourceInstanceSettings<KpiDataSourceOptions>>) {
  const get = jest.fn(async (uid: string) => {
    const s = list.find((x) => x.uid === uid);
    if (!s) {
      throw new Error(`no data source ${uid}`);
    }
    return new KpiDataSource(s);
  });
  (getDataSourceSrv as jest.Mock).mockReturnValue({
    getList: jest.fn((filters?: { type?: string }) => list.filter((ds) => !filters?.type || ds.type === filters.type)),
    getInstanceSettings: jest.fn((uid: string) => list.find((x) => x.uid === uid)),
    get,
    reload: jest.fn(),
  });
  return { get };
}
