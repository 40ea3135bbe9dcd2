/** @jest-environment node */
/**
 * Formula KPIs broken down by a dimension (docs/catalog.md: Breakdowns of formula KPIs): each row
 * is the formula over its operands' figures for that value, each operand with its own window;
 * a value some operand has no rows for has no value. Expected rows come from hand-written SQL
 * (a FULL JOIN of per-operand GROUP BYs, the null key as a marker), never from the compiler.
 */
import { Catalog } from '../../src/core/catalog/model';
import { instant } from '../../src/core/compiler/anchor';
import { compileBreakdown } from '../../src/core/compiler/breakdownQuery';
import { evaluateJudgedBreakdown } from '../../src/core/evaluation/breakdown';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, createTable, DAY, ms, pgRunner, Row } from '../support/fixtures';

const AT = '2025-03-10T00:00:00Z';
const CHANNELS = ['direct', 'partner', 'marketing', null];

/** Daily spend for 60 days: marketing and null-channel spend, but no `self` spend. */
function spendRows(): Row[] {
  const rows: Row[] = [];
  for (let d = 1; d <= 60; d += 1) {
    CHANNELS.forEach((channel, i) => {
      rows.push({ day: new Date(ms(AT) - d * DAY), channel, amount: 100 + 7 * i + (d % 5) });
    });
  }
  return rows;
}

/** Signups every 9 hours for 60 days; no marketing signups, some `self` ones. */
function signupRows(): Row[] {
  const channels = ['direct', 'partner', 'self', null, 'direct'];
  const regions = ['eu', 'us', 'eu'];
  const rows: Row[] = [];
  for (let i = 0; i < 160; i += 1) {
    rows.push({ t: new Date(ms(AT) - 1 - i * 9 * 3600_000), channel: channels[i % 5], region: regions[i % 3] });
  }
  return rows;
}

const YAML = `apiVersion: openkpi/v1
name: formula-breakdown
sources:
  spend:
    table: app.spend
    time: day
    dimensions: [channel]
  signups:
    table: app.signups
    time: t
    dimensions: [region, channel]
  finance:
    table: app.finance
    time: day
kpis:
  - {id: spend_30d, name: Spend, source: spend, window: 30d, measure: {aggregate: sum, expression: amount}}
  - {id: signups_14d, name: Signups, source: signups, window: 14d, measure: {aggregate: count}}
  - {id: margin, name: Margin, source: finance, window: 30d, measure: {aggregate: sum, expression: margin}}
  - id: cac
    name: CAC
    window: 30d
    measure: {formula: 'spend_30d / signups_14d'}
    direction: lower
    target: 80
    thresholds: {warning: 80, critical: 120}
  - {id: signups_per_kusd, name: Signups per 1000 USD, window: 30d, measure: {formula: '1000 / cac'}}
  - {id: cac_margin, name: CAC over margin, window: 30d, measure: {formula: 'cac / margin'}}
`;

/** The expected rows, by hand: each operand grouped on its own, joined on the key. */
const EXPECTED = `
WITH s AS (SELECT coalesce(channel, '~none') AS k, sum(amount) AS v FROM app.spend
           WHERE day >= timestamptz '${AT}' - interval '30 days' AND day < timestamptz '${AT}' GROUP BY 1),
     n AS (SELECT coalesce(channel, '~none') AS k, count(*) AS v FROM app.signups
           WHERE t >= timestamptz '${AT}' - interval '14 days' AND t < timestamptz '${AT}' GROUP BY 1)
SELECT nullif(coalesce(s.k, n.k), '~none') AS key, s.v / NULLIF(n.v, 0) AS cac
FROM s FULL JOIN n ON s.k = n.k
ORDER BY nullif(coalesce(s.k, n.k), '~none') COLLATE "C" ASC NULLS LAST`;

describe('formula KPIs broken down by a dimension (real PostgreSQL)', () => {
  let db: TestDatabase;
  let catalog: Catalog;
  let expected: Array<{ key: string | null; cac: number | null }>;

  beforeAll(async () => {
    db = await createTestDatabase();
    await createTable(db, 'app.spend', { day: 'timestamptz', channel: 'text', amount: 'numeric' }, spendRows());
    await createTable(db, 'app.signups', { t: 'timestamptz', channel: 'text', region: 'text' }, signupRows());
    await createTable(db, 'app.finance', { day: 'timestamptz', margin: 'numeric' });
    catalog = catalogOf(YAML);
    const rows = (await db.query(EXPECTED)) as Array<{ key: string | null; cac: string | null }>;
    expected = rows.map((r) => ({ key: r.key, cac: r.cac === null ? null : Number(r.cac) }));
  });

  afterAll(async () => {
    await db?.drop();
  });

  const breakdown = (kpiId: string, by: string, filters = [] as Array<{ dimension: string; values: string[] }>) =>
    evaluateJudgedBreakdown(catalog, { kpiId, by, at: instant(AT), filters }, pgRunner(db));

  it('gives the formula over each value, with no value where an operand has no rows', async () => {
    const result = await breakdown('cac', 'channel');
    expect(result.rows.map((r) => r.key)).toEqual(['direct', 'marketing', 'partner', 'self', null]);
    result.rows.forEach((row, i) => {
      expect(row.key).toBe(expected[i].key);
      if (expected[i].cac === null) {
        expect(row.value).toBeNull();
      } else {
        expect(row.value).toBeCloseTo(expected[i].cac!, 9);
      }
      expect([row.target, row.warning, row.critical]).toEqual([80, 80, 120]);
    });
    // marketing has spend but no signups, self signups but no spend: neither is a number.
    expect(result.rows.find((r) => r.key === 'marketing')!.value).toBeNull();
    expect(result.rows.find((r) => r.key === 'self')!.value).toBeNull();
  });

  it('nests: a formula over a formula uses the inner one per value', async () => {
    const result = await breakdown('signups_per_kusd', 'channel');
    expect(result.rows.map((r) => r.key)).toEqual(expected.map((e) => e.key));
    result.rows.forEach((row, i) => {
      const cac = expected[i].cac;
      if (cac === null || cac === 0) {
        expect(row.value).toBeNull();
      } else {
        expect(row.value).toBeCloseTo(1000 / cac, 9);
      }
    });
  });

  it('applies dimension filters to every operand', async () => {
    const result = await breakdown('cac', 'channel', [{ dimension: 'channel', values: ['direct', 'self'] }]);
    expect(result.rows.map((r) => [r.key, r.value])).toEqual(
      expected
        .filter((e) => e.key === 'direct' || e.key === 'self')
        .map((e) => [e.key, e.cac === null ? null : expect.closeTo(e.cac, 9)])
    );
  });

  it('refuses a dimension one of its operands does not declare, naming the KPI, dimension and operand', () => {
    expect(() => compileBreakdown(catalog, { kpiId: 'cac', by: 'region', at: instant(AT) })).toThrow(
      'KPI cac cannot be broken down by "region": the KPI it uses spend_30d (source spend) does not declare that dimension'
    );
    expect(() => compileBreakdown(catalog, { kpiId: 'cac_margin', by: 'channel', at: instant(AT) })).toThrow(
      'KPI cac_margin cannot be broken down by "channel": the KPI it uses margin (source finance) does not declare that dimension'
    );
  });
});
