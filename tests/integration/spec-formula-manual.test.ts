/** @jest-environment node */
/**
 * Formula KPIs (docs/catalog.md) (arithmetic over other KPIs, each with its own window at the same
 * instant; null operand or divisor 0 → null; formulas of formulas) and `source: manual`
 * (openkpi.measurement rows of this KPI only, default measure = last value). Expected values
 * are plain arithmetic over the inserted rows.
 */
import { Catalog } from '../../src/core/catalog/model';
import { instant } from '../../src/core/compiler/anchor';
import { evaluateKpis, KpiEvaluation } from '../../src/core/evaluation/evaluate';
import { createTestDatabase, TestDatabase } from '../support/db';
import {
  catalogOf,
  createMeasurementTable,
  createTable,
  DAY,
  HOUR,
  inWindow,
  isoOf,
  ms,
  pgRunner,
  Row,
} from '../support/fixtures';

const AT = '2025-06-01T00:00:00.000Z';
const at = ms(AT);

interface Sale extends Row {
  t: Date;
  amount: number;
  customer: string;
}

/** Every 10 h from Apr 1 03:00 to a bit after `at`, irregular amounts and customers. */
const SALES: Sale[] = Array.from({ length: 150 }, (_, i) => ({
  t: new Date(ms('2025-04-01T03:00:00Z') + i * 10 * HOUR),
  amount: ((i * 37) % 50) + 0.5,
  customer: `c${Math.floor(i / 4) % 20}`,
}));

const sumAmount = (rows: Sale[]) => rows.reduce((a, r) => a + r.amount, 0);
const distinctCustomers = (rows: Sale[]) => new Set(rows.map((r) => r.customer)).size;

/** Operands by hand: [current, previous] over their own windows at AT. */
const revenue = [
  sumAmount(inWindow(SALES, 't', at - DAY, at)),
  sumAmount(inWindow(SALES, 't', at - 2 * DAY, at - DAY)),
];
const orders = [
  inWindow(SALES, 't', at - 7 * DAY, at).length,
  inWindow(SALES, 't', at - 14 * DAY, at - 7 * DAY).length,
];
// calendar month at Jun 1 00:00 UTC: all of May; previous: all of April
const customers = [
  distinctCustomers(inWindow(SALES, 't', ms('2025-05-01T00:00:00Z'), at)),
  distinctCustomers(inWindow(SALES, 't', ms('2025-04-01T00:00:00Z'), ms('2025-05-01T00:00:00Z'))),
];

const fArith = (i: number) => (revenue[i] / orders[i]) * 2 + 1 - customers[i];
const fParen = (i: number) => (revenue[i] + orders[i]) * (customers[i] - 1);
const fNumbers = (i: number) => (revenue[i] + 10) / 4;

interface Measurement extends Row {
  kpi: string;
  time: Date;
  value: number;
  note: string | null;
  recorded_by: string;
}

const m = (kpi: string, time: string, value: number, by = 'alice'): Measurement => ({
  kpi,
  time: new Date(time),
  value,
  note: null,
  recorded_by: by,
});

const MEASUREMENTS: Measurement[] = [
  m('m_last', '2025-04-30T12:00:00Z', 1),
  m('m_last', '2025-05-10T12:00:00Z', 5),
  m('m_last', '2025-05-20T12:00:00Z', 7),
  // (kpi, time) is a key: a second value at one instant is a correction (openkpi record --replace).
  m('m_last', '2025-06-01T00:00:00Z', 99), // exactly at `at`: excluded
  m('m_last', '2025-06-02T00:00:00Z', 98),
  m('m_other', '2025-05-31T12:00:00Z', 50), // another KPI's rows never leak into m_last
  m('m_other', '2025-05-30T12:00:00Z', 40),
  m('m_sum', '2025-05-24T00:00:00Z', 100), // before the 1w window
  m('m_sum', '2025-05-26T00:00:00Z', 2),
  m('m_sum', '2025-05-28T00:00:00Z', 3),
  m('m_sum', '2025-05-31T23:59:59Z', 4.5),
  m('m_filter', '2025-05-05T00:00:00Z', 10, 'alice'),
  m('m_filter', '2025-05-25T00:00:00Z', 20, 'bob'),
];

const YAML = `apiVersion: openkpi/v1
name: spec-formula
timezone: UTC
sources:
  sales:
    table: shop.sales
    time: t
    dimensions: [customer]
kpis:
  - {id: revenue_1d, name: Revenue, source: sales, window: 1d, measure: {aggregate: sum, expression: amount}}
  - {id: orders_7d, name: Orders, source: sales, window: 7d, measure: {aggregate: count}}
  - {id: customers_month, name: Customers, source: sales, window: month, measure: {aggregate: count_distinct, expression: customer}}
  - id: empty_avg
    name: Empty average
    source: sales
    window: 1d
    filter: "customer = 'nobody'"
    measure: {aggregate: avg, expression: amount}
  - id: zero_count
    name: Zero count
    source: sales
    window: 1d
    measure: {aggregate: count, filter: "customer = 'nobody'"}
  - {id: f_arith, name: Arithmetic, measure: {formula: "revenue_1d / orders_7d * 2 + 1 - customers_month"}}
  - {id: f_paren, name: Parentheses, measure: {formula: "(revenue_1d + orders_7d) * (customers_month - 1)"}}
  - {id: f_numbers, name: Numbers, measure: {formula: "(revenue_1d + 10) / 4"}}
  - {id: f_unary, name: Unary minus, measure: {formula: "-revenue_1d + 100"}}
  - {id: f_null, name: Null operand, measure: {formula: "revenue_1d + empty_avg"}}
  - {id: f_div0, name: Divide by zero, measure: {formula: "revenue_1d / zero_count"}}
  - {id: f_div0_expr, name: Divide by zero expression, measure: {formula: "revenue_1d / (orders_7d - orders_7d)"}}
  - {id: f_zero_numerator, name: Zero numerator, measure: {formula: "zero_count / orders_7d"}}
  - {id: f_of_f, name: Formula of formula, measure: {formula: "f_paren / 2 + f_numbers"}}
  - {id: f_of_f_null, name: Formula of a null formula, measure: {formula: "f_null * 0 + 1"}}
  - {id: m_last, name: Manual last, source: manual, window: month}
  - {id: m_other, name: Manual other, source: manual, window: 1d}
  - {id: m_sum, name: Manual sum, source: manual, window: 1w, measure: {aggregate: sum, expression: value}}
  - {id: m_filter, name: Manual filtered, source: manual, window: month, filter: "recorded_by = 'alice'"}
  - {id: m_none, name: Manual without rows, source: manual, window: month}
  - {id: f_manual, name: Formula over manual, measure: {formula: "m_last * m_other"}}
`;

describe('Formula and manual KPIs (docs/catalog.md) (real PostgreSQL)', () => {
  let db: TestDatabase;
  let catalog: Catalog;
  const results = new Map<string, KpiEvaluation>();

  beforeAll(async () => {
    db = await createTestDatabase();
    await createTable(db, 'shop.sales', { t: 'timestamptz', amount: 'double precision', customer: 'text' }, SALES);
    await createMeasurementTable(db, MEASUREMENTS);
    catalog = catalogOf(YAML);
    const res = await evaluateKpis(catalog, { at: instant(AT) }, pgRunner(db));
    for (const k of res.kpis) {
      results.set(k.id, k);
    }
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('the operands really differ between their windows (test data sanity)', () => {
    expect(revenue[0]).toBeGreaterThan(0);
    expect(orders[0]).toBeGreaterThan(inWindow(SALES, 't', at - DAY, at).length);
    expect(customers[0]).toBeGreaterThan(1);
    expect(customers[0]).not.toBe(customers[1]);
  });

  it('no KPI failed', () => {
    expect([...results.values()].filter((k) => k.error !== undefined).map((k) => `${k.id}: ${k.error}`)).toEqual([]);
  });

  it.each([
    ['revenue_1d', revenue[0]],
    ['orders_7d', orders[0]],
    ['customers_month', customers[0]],
    ['empty_avg', null],
    ['zero_count', 0],
    ['f_arith', fArith(0)],
    ['f_paren', fParen(0)],
    ['f_numbers', fNumbers(0)],
    ['f_unary', -revenue[0] + 100],
    ['f_null', null],
    ['f_div0', null],
    ['f_div0_expr', null],
    ['f_zero_numerator', 0],
    ['f_of_f', fParen(0) / 2 + fNumbers(0)],
    ['f_of_f_null', null],
    ['m_last', 7],
    ['m_other', 50],
    ['m_sum', 2 + 3 + 4.5],
    ['m_filter', 10],
    ['m_none', null],
    ['f_manual', 7 * 50],
  ] as Array<[string, number | null]>)('%s = %p', (id, expected) => {
    const k = results.get(id)!;
    expect(k).toBeDefined();
    if (expected === null) {
      expect(k.value).toBeNull();
      expect(k.status).toBe('no_data');
    } else {
      expect(k.value).not.toBeNull();
      expect(k.value!).toBeCloseTo(expected, 9);
    }
  });

  // docs/catalog.md, Formula KPIs: previous of a formula is the formula over
  // each operand's own previous window (the only reading under which operands keep their windows).
  it.each([
    ['f_arith', fArith(1)],
    ['f_paren', fParen(1)],
    ['f_of_f', fParen(1) / 2 + fNumbers(1)],
    ['m_last', 1],
    ['m_other', 40],
  ] as Array<[string, number]>)('previous of %s = %p', (id, expected) => {
    expect(results.get(id)!.previous).toBeCloseTo(expected, 9);
  });

  it.each([
    // latest own row before `at`, ignoring the window and the filter
    ['m_last', '2025-05-20T12:00:00Z'],
    ['m_other', '2025-05-31T12:00:00Z'],
    ['m_sum', '2025-05-31T23:59:59Z'],
    ['m_filter', '2025-05-25T00:00:00Z'],
    ['m_none', null],
  ] as Array<[string, string | null]>)('manual lastDataAt of %s = %p (own rows only)', (id, expected) => {
    const k = results.get(id)!;
    expect(k.lastDataAt).toBe(expected === null ? null : isoOf(expected));
    // the manual source has no freshness: never stale
    expect(k.stale).toBe(false);
  });

  it('a formula whose operands have different windows evaluates each at the same instant', async () => {
    const later = '2025-06-02T00:00:00.000Z';
    const res = await evaluateKpis(catalog, { at: instant(later), kpiIds: ['f_paren'] }, pgRunner(db));
    const t = ms(later);
    const rev = sumAmount(inWindow(SALES, 't', t - DAY, t));
    const ord = inWindow(SALES, 't', t - 7 * DAY, t).length;
    // month at Jun 2 00:00 is June 1st (two sales, two customers)
    const cust = distinctCustomers(inWindow(SALES, 't', ms('2025-06-01T00:00:00Z'), t));
    expect(res.kpis[0].value).toBeCloseTo((rev + ord) * (cust - 1), 9);
  });
});
