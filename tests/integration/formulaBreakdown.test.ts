/** @jest-environment node */
/**
 * Formula KPIs broken down by a dimension (docs/catalog.md: Breaking a formula down by a
 * dimension): each row is the formula over its operands' figures for that value, each operand
 * with its own window; a value some operand has no rows for has no value; an operand that lacks
 * the dimension is taken whole on every row. Expected rows come from hand-written SQL (a FULL JOIN
 * of per-operand GROUP BYs, the null key as a marker; a whole operand as a scalar subquery), never
 * from the compiler.
 */
import { Catalog } from '../../src/core/catalog/model';
import { instant } from '../../src/core/compiler/anchor';
import { compileBreakdown, compileBreakdownPlan } from '../../src/core/compiler/breakdownQuery';
import { availableRollups } from '../../src/core/rollup/probe';
import { rollupPlans } from '../../src/core/rollup/plan';
import { refreshRollup } from '../../src/core/rollup/refresh';
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

/** Daily margin for 60 days (the finance source has no dimension). */
function financeRows(): Row[] {
  return Array.from({ length: 60 }, (_, i) => ({ day: new Date(ms(AT) - (i + 1) * DAY), margin: 1000 + 13 * i }));
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
  - {id: signups_per_spend, name: Signups per spend, window: 30d, measure: {formula: 'signups_14d / spend_30d'}}
  - {id: margin_k, name: Margin in thousands, window: 30d, measure: {formula: 'margin / 1000'}}
  - {id: signups_per_margin_k, name: Signups per margin, window: 30d, measure: {formula: 'signups_14d / margin_k'}}
`;

/** The whole operands' figures, by hand: each over its own window, no key. */
const WHOLE = (where = 'true') => `
SELECT (SELECT sum(margin) FROM app.finance
        WHERE day >= timestamptz '${AT}' - interval '30 days' AND day < timestamptz '${AT}') AS margin,
       (SELECT sum(amount) FROM app.spend
        WHERE day >= timestamptz '${AT}' - interval '30 days' AND day < timestamptz '${AT}' AND ${where}) AS spend`;

/** Signups per value of `by` over 14 days, by hand, the null key last. */
const SIGNUPS = (by: string, where = 'true') => `
SELECT ${by}::text AS key, count(*) AS n FROM app.signups
WHERE t >= timestamptz '${AT}' - interval '14 days' AND t < timestamptz '${AT}' AND ${where}
GROUP BY 1 ORDER BY ${by}::text COLLATE "C" ASC NULLS LAST`;

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
    await createTable(db, 'app.finance', { day: 'timestamptz', margin: 'numeric' }, financeRows());
    catalog = catalogOf(YAML);
    const rows = (await db.query(EXPECTED)) as Array<{ key: string | null; cac: string | null }>;
    expected = rows.map((r) => ({ key: r.key, cac: r.cac === null ? null : Number(r.cac) }));
  });

  afterAll(async () => {
    await db?.drop();
  });

  const whole = async (where?: string) => {
    const [row] = (await db.query(WHOLE(where))) as Array<{ margin: string; spend: string }>;
    return { margin: Number(row.margin), spend: Number(row.spend) };
  };
  const signups = async (by: string, where?: string) =>
    ((await db.query(SIGNUPS(by, where))) as Array<{ key: string | null; n: string }>).map((r) => ({
      key: r.key,
      n: Number(r.n),
    }));

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

  it('takes an operand that lacks the dimension whole, on every row, and says so', async () => {
    const { margin } = await whole();
    expect(margin).toBeGreaterThan(0);
    const result = await breakdown('cac_margin', 'channel');
    expect(result.whole).toEqual(['margin']);
    expect(result.rows.map((r) => [r.key, r.value])).toEqual(
      expected.map((e) => [e.key, e.cac === null ? null : expect.closeTo(e.cac / margin, 12)])
    );
    // Every operand broken down: nothing is said.
    expect((await breakdown('cac', 'channel')).whole).toBeUndefined();
  });

  it('breaks a formula down by a dimension only some operand declares', async () => {
    const { spend } = await whole();
    const result = await breakdown('signups_per_spend', 'region');
    expect(result.whole).toEqual(['spend_30d']);
    expect(result.rows.map((r) => [r.key, r.value])).toEqual(
      (await signups('region')).map((s) => [s.key, expect.closeTo(s.n / spend, 12)])
    );
    // Inside a formula operand too: CAC by region is all spend over each region's signups.
    const cac = await breakdown('cac', 'region');
    expect(cac.whole).toEqual(['spend_30d']);
    expect(cac.rows.map((r) => [r.key, r.value])).toEqual(
      (await signups('region')).map((s) => [s.key, expect.closeTo(spend / s.n, 9)])
    );
  });

  it('takes an inner formula whole when none of its KPIs declares the dimension', async () => {
    const { margin } = await whole();
    const result = await breakdown('signups_per_margin_k', 'channel');
    expect(result.whole).toEqual(['margin_k']);
    expect(result.rows.map((r) => [r.key, r.value])).toEqual(
      (await signups('channel')).map((s) => [s.key, expect.closeTo(s.n / (margin / 1000), 9)])
    );
  });

  it("applies the viewer's other filters to a whole operand, and not the filter on the dimension", async () => {
    const direct = await whole("channel = 'direct'");
    const byChannel = await breakdown('signups_per_spend', 'region', [{ dimension: 'channel', values: ['direct'] }]);
    expect(byChannel.rows.map((r) => [r.key, r.value])).toEqual(
      (await signups('region', "channel = 'direct'")).map((s) => [s.key, expect.closeTo(s.n / direct.spend, 12)])
    );
    const { spend } = await whole();
    const eu = await breakdown('signups_per_spend', 'region', [{ dimension: 'region', values: ['eu'] }]);
    expect(eu.rows.map((r) => [r.key, r.value])).toEqual(
      (await signups('region', "region = 'eu'")).map((s) => [s.key, expect.closeTo(s.n / spend, 12)])
    );
  });

  it('reads a whole operand from a rollup where one answers it, with the same figures', async () => {
    const runner = pgRunner(db);
    for (const plan of rollupPlans(catalog)) {
      await refreshRollup(plan, runner, { lateSeconds: 0 });
    }
    try {
      const rollups = await availableRollups(catalog, runner);
      expect(rollups.length).toBeGreaterThan(0);
      const request = { kpiId: 'signups_per_spend', by: 'region', at: instant(AT), rollups };
      expect(compileBreakdownPlan(catalog, request).path).toMatch(/spend_30d: whole value \(not by region\), rollup /);
      const rolled = await evaluateJudgedBreakdown(catalog, request, runner);
      const { spend } = await whole();
      expect(rolled.rows.map((r) => [r.key, r.value])).toEqual(
        (await signups('region')).map((s) => [s.key, expect.closeTo(s.n / spend, 12)])
      );
    } finally {
      await db.query('DROP SCHEMA openkpi CASCADE');
    }
  });

  it('refuses a dimension none of its operands declares, naming the KPI, the dimension and the operands', () => {
    expect(() => compileBreakdown(catalog, { kpiId: 'cac', by: 'team', at: instant(AT) })).toThrow(
      'KPI cac cannot be broken down by "team": none of the KPIs it uses declares that dimension (spend_30d (source spend), signups_14d (source signups); it can be broken down by channel, region)'
    );
    expect(() => compileBreakdown(catalog, { kpiId: 'margin_k', by: 'channel', at: instant(AT) })).toThrow(
      'KPI margin_k cannot be broken down by "channel": none of the KPIs it uses declares that dimension (margin (source finance); it has no dimension)'
    );
  });
});
