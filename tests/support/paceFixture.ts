/**
 * A catalog with a paced KPI, a KPI with a minimum volume, `compare: year` and a growth KPI, with
 * its rows (tests/integration/datasource-pace and dashboardsPace): every expected number is
 * worked out by hand from the rows below.
 */
import { DataSourceInstanceSettings, PluginType } from '@grafana/data';
import { parse } from 'yaml';
import { KpiDataSource } from '../../src/datasource/datasource';
import type { KpiDataSourceOptions } from '../../src/datasource/types';
import type { TestDatabase } from './db';
import { createTable, HOUR } from './fixtures';

export const PG = { uid: 'pg-main', type: 'grafana-postgresql-datasource' };
/** March 21st 00:00 UTC: 20 of March's 31 days have elapsed. */
export const AT = new Date('2025-03-21T00:00:00Z');
export const SHARE = 20 / 31;

export const CATALOG = `apiVersion: openkpi/v1
name: pace-ds
timezone: UTC
sources:
  deploys: { table: dp.deploys, time: t, dimensions: [team] }
  runs: { table: dp.runs, time: t }
  sales: { table: dp.sales, time: t, dimensions: [region] }
kpis:
  - id: deploys
    name: Deployments
    source: deploys
    window: month
    measure: { aggregate: count }
    target: 50
    thresholds: { warning: 45, critical: 40 }
    pace: {}
    compare: year
  - id: deploys_plain
    name: Deployments unpaced
    source: deploys
    window: month
    measure: { aggregate: count }
    compare: year
  - id: rate
    name: Run success
    unit: percent
    source: runs
    window: 7d
    measure:
      ratio:
        numerator: { aggregate: count, filter: ok }
        denominator: { aggregate: count }
      scale: 100
    target: 95
    thresholds: { warning: 95, critical: 90 }
    minVolume: 5
  - id: revenue
    name: Revenue
    source: sales
    window: month
    measure: { aggregate: sum, expression: amount }
  - id: revenue_growth
    name: Revenue growth
    unit: percent
    measure: { growth: { kpi: revenue } }
    target: 10
    thresholds: { warning: 10, critical: 0 }
`;

/** Deployments: one a day at 10:00 on March 1st–20th 2025, a second one every third day; one a day in March 2024. */
export const DEPLOYS_2025 = Array.from({ length: 20 }, (_, i) => i + 1).flatMap((d) => [
  { t: new Date(Date.UTC(2025, 2, d, 10)), team: 'a' },
  ...(d % 3 === 0 ? [{ t: new Date(Date.UTC(2025, 2, d, 11)), team: 'b' }] : []),
]);
export const DEPLOYS_2024 = Array.from({ length: 31 }, (_, i) => ({
  t: new Date(Date.UTC(2024, 2, i + 1, 10)),
  team: 'a',
}));
/** Deployments in March 2025 up to the end of day d (d = 1…20). */
export const deploysBy = (d: number) => d + Math.floor(d / 3);

/** Sales: February 2025 days 1–20 and March 2025 days 1–20, per region. */
export const SALES = [
  ...Array.from({ length: 20 }, (_, i) => ({ t: new Date(Date.UTC(2025, 1, i + 1, 12)), amount: 100, region: 'eu' })),
  ...Array.from({ length: 20 }, (_, i) => ({ t: new Date(Date.UTC(2025, 1, i + 1, 13)), amount: 50, region: 'us' })),
  ...Array.from({ length: 20 }, (_, i) => ({ t: new Date(Date.UTC(2025, 2, i + 1, 12)), amount: 120, region: 'eu' })),
  ...Array.from({ length: 20 }, (_, i) => ({ t: new Date(Date.UTC(2025, 2, i + 1, 13)), amount: 40, region: 'us' })),
];

/** Creates the tables and rows of the catalog. */
export async function seedPace(db: TestDatabase): Promise<void> {
  await createTable(db, 'dp.deploys', { t: 'timestamptz', team: 'text' }, [...DEPLOYS_2024, ...DEPLOYS_2025]);
  // Three runs in the last 7 days (two succeeded): below the minimum volume of 5.
  await createTable(
    db,
    'dp.runs',
    { t: 'timestamptz', ok: 'boolean' },
    [1, 2, 3].map((h) => ({ t: new Date(AT.getTime() - h * HOUR), ok: h !== 2 }))
  );
  await createTable(db, 'dp.sales', { t: 'timestamptz', amount: 'double precision', region: 'text' }, SALES);
}

/** The OpenKPI data source over the catalog, running its SQL on PG (through the `/api/ds/query` stand-in). */
export function paceDataSource(): KpiDataSource {
  return new KpiDataSource({
    id: 1,
    uid: 'openkpi',
    type: 'openkpi-kpi-datasource',
    name: 'OpenKPI',
    access: 'proxy',
    readOnly: false,
    meta: { id: 'openkpi-kpi-datasource', name: 'OpenKPI', type: PluginType.datasource },
    jsonData: { postgresUid: PG.uid, postgresType: PG.type, catalog: parse(CATALOG) },
  } as DataSourceInstanceSettings<KpiDataSourceOptions>);
}
