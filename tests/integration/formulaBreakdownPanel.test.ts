/** @jest-environment jsdom */
/**
 * jsdom: @grafana/data reads `window` when it loads; pg still runs on Node's sockets.
 *
 * A Breakdown panel of a formula KPI (the data source's breakdown query, as a detail dashboard's
 * breakdown panel sends it): one row per dimension value with the formula over its operands'
 * figures for it, coloured with the formula's thresholds; a dimension one operand lacks is the
 * panel's error. Expected values: arithmetic over the rows inserted below.
 */
import { runQuery } from '../../src/datasource/runQuery';
import { statusBands } from '../../src/core/rules/statusRule';
import { STATUS_COLORS } from '../../src/core/rules/status';
import { withDefaults } from '../../src/query/defaults';
import type { KpiQuery } from '../../src/query/model';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, createTable, DAY, pgRunner } from '../support/fixtures';

const CATALOG = catalogOf(`
apiVersion: openkpi/v1
name: formula-panel
timezone: UTC
sources:
  spend: { table: spend, time: t, dimensions: [channel] }
  won: { table: won, time: t, dimensions: [channel, region] }
kpis:
  - {id: spend_7d, name: Spend, source: spend, window: 7d, measure: {aggregate: sum, expression: amount}}
  - {id: won_7d, name: Customers won, source: won, window: 7d, measure: {aggregate: count}}
  - id: cac
    name: CAC
    unit: currencyUSD
    window: 7d
    measure: {formula: 'spend_7d / won_7d'}
    direction: lower
    target: 100
    thresholds: {warning: 100, critical: 150}
`);

const TO = Date.parse('2025-03-14T00:00:00Z');
const at = (daysBefore: number) => new Date(TO - daysBefore * DAY);

describe('a Breakdown panel of a formula KPI', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    // In the 7 days before TO: direct 600 + 300 spend, 6 won; partner 400, 2 won; web: 3 won, no
    // spend. Day 9 is outside the window.
    await createTable(db, 'spend', { t: 'timestamptz', channel: 'text', amount: 'numeric' }, [
      { t: at(1), channel: 'direct', amount: 600 },
      { t: at(6), channel: 'direct', amount: 300 },
      { t: at(2), channel: 'partner', amount: 400 },
      { t: at(9), channel: 'partner', amount: 5000 },
    ]);
    const won = [
      ...Array.from({ length: 6 }, (_, i) => ({ t: at(1 + (i % 5)), channel: 'direct', region: 'eu' })),
      { t: at(3), channel: 'partner', region: 'us' },
      { t: at(4), channel: 'partner', region: 'eu' },
      ...Array.from({ length: 3 }, () => ({ t: at(2), channel: 'web', region: 'us' })),
    ];
    await createTable(db, 'won', { t: 'timestamptz', channel: 'text', region: 'text' }, won);
  });
  afterAll(() => db.drop());

  const ctx = { from: new Date(TO - 30 * DAY), to: new Date(TO), intervalMs: DAY };
  const panel = (by: string) =>
    runQuery(
      CATALOG,
      {
        query: withDefaults({ refId: 'A', queryType: 'breakdown', kpis: ['cac'], by } as KpiQuery),
        selector: { kpis: ['cac'], areas: [], owners: [], tags: [] },
        filters: [],
        by,
      },
      ctx,
      pgRunner(db)
    );

  it('shows the formula per channel, no value where an operand has none, coloured by its thresholds', async () => {
    const outcome = await panel('channel');
    expect(outcome.errors).toEqual([]);
    const [keys, values] = outcome.frames[0].fields;
    expect(keys.values).toEqual(['direct', 'partner', 'web']);
    expect(values.values).toEqual([900 / 6, 400 / 2, null]);
    expect(values.config.thresholds?.steps).toEqual(
      statusBands('lower', { warning: 100, critical: 150 }).map((b) => ({
        value: b.from,
        color: STATUS_COLORS[b.status],
      }))
    );
  });

  it('names an operand taken whole, and shows no rows with the reason for a dimension no operand has', async () => {
    const byRegion = await panel('region');
    expect(byRegion.errors).toEqual([]);
    expect(byRegion.frames[0].meta?.notices).toEqual([
      { severity: 'info', text: 'spend_7d is not broken down by region: its whole value is used on every row' },
    ]);
    const byTeam = await panel('team');
    expect(byTeam.errors).toEqual([]);
    expect([byTeam.frames[0].length, byTeam.frames[0].meta?.notices?.[0].text]).toEqual([
      0,
      expect.stringContaining('is not broken down by team: it can be by channel, region'),
    ]);
  });
});
