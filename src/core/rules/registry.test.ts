import fc from 'fast-check';
import { describeKpi, describeMeasure, describeWindow } from '../../components/KpiDefinition/describe';
import { parseWindow } from '../catalog/duration';
import { AggregateMeasure, Catalog } from '../catalog/model';
import { parseCatalog } from '../catalog/parse';
import { formatProblem } from '../catalog/problems';
import { instant, NOW } from '../compiler/anchor';
import { compileEval } from '../compiler/evalQuery';
import { measureSql } from '../compiler/measures';
import { windowBounds } from '../compiler/windows';
import { windowMs } from '../compiler/windowMs';
import { measurePlan } from '../rollup/partials';
import { AGGREGATE_NAMES, aggregateRule, isSketched } from './aggregates';
import { CALENDAR_UNIT_NAMES, ROLLING_UNIT_NAMES, rollingMs, shortestPeriodMs, WINDOW_HINT } from './windows';

/**
 * The registries are the only place an aggregate or a window kind is written: every entry must
 * go through every layer (parse, validate, compile, roll up, describe) with nothing else to add.
 * These tests walk the tables, so a new entry is checked the moment it is added.
 */

const WINDOWS = [...ROLLING_UNIT_NAMES.map((u) => `2${u}`), ...CALENDAR_UNIT_NAMES];

/** One KPI per aggregate (with and without an expression where one is optional) and per window kind. */
function registryCatalog(approximate: boolean): string {
  const kpis = AGGREGATE_NAMES.flatMap((a) => {
    const withExpression = `  - {id: agg_${a}, name: ${a}, source: orders, window: month, measure: {aggregate: ${a}, expression: amount}}`;
    const bare = `  - {id: agg_${a}_rows, name: ${a} rows, source: orders, window: month, measure: {aggregate: ${a}}}`;
    const ratio = `  - {id: ratio_${a}, name: ${a} ratio, source: orders, window: 7d, measure: {ratio: {numerator: {aggregate: ${a}, expression: amount}, denominator: {aggregate: count}}}}`;
    return aggregateRule(a).needsExpression ? [withExpression, ratio] : [withExpression, bare, ratio];
  });
  const windows = WINDOWS.map(
    (w) => `  - {id: win_${w}, name: window ${w}, source: orders, window: ${w}, measure: {aggregate: count}}`
  );
  return [
    'apiVersion: openkpi/v1',
    'name: registry',
    'timezone: Europe/Berlin',
    `approximate: ${approximate}`,
    'sources:',
    '  orders: {table: shop.orders, time: created_at, dimensions: [team]}',
    'kpis:',
    ...kpis,
    ...windows,
  ].join('\n');
}

function parsed(text: string): Catalog {
  const result = parseCatalog(text, 'registry.yaml');
  expect(result.problems.map(formatProblem)).toEqual([]);
  return result.catalog!;
}

describe('the aggregate registry', () => {
  const catalog = parsed(registryCatalog(false));
  const kpi = (id: string) => catalog.kpis.find((k) => k.id === id)!;

  it.each(AGGREGATE_NAMES)('%s parses, validates and compiles in every statement form', (a) => {
    const measure = kpi(`agg_${a}`).measure as AggregateMeasure;
    expect(measure).toEqual({ kind: 'aggregate', aggregate: a, expression: 'amount' });
    // The measure's SQL (series, breakdown) and the eval statement at a literal instant and at now().
    expect(measureSql(measure, 's.created_at')).toContain('(amount)');
    for (const at of [instant('2025-03-31T00:00:00Z'), NOW]) {
      const sql = compileEval(catalog, { at, kpiIds: [`agg_${a}`, `ratio_${a}`] });
      expect(sql).toContain('(amount)');
      expect(sql).toContain(`'agg_${a}'`);
    }
  });

  it.each(AGGREGATE_NAMES)('%s is described with its words', (a) => {
    const words = aggregateRule(a).words;
    expect(describeMeasure(kpi(`agg_${a}`).measure)).toBe(`${words} amount`);
    expect(describeKpi(kpi(`agg_${a}`), catalog.timezone)).toMatch(/over the month to date/);
  });

  it.each(AGGREGATE_NAMES)('%s: an expression is required exactly when the registry says so', (a) => {
    const text = `apiVersion: openkpi/v1\nname: x\nsources:\n  o: {table: o, time: t}\nkpis:\n  - {id: k, name: K, source: o, window: 1d, measure: {aggregate: ${a}}}`;
    const messages = parseCatalog(text, 'x.yaml').problems.map((p) => p.message);
    expect(messages).toEqual(aggregateRule(a).needsExpression ? [`aggregate "${a}" needs an expression`] : []);
  });

  it.each(AGGREGATE_NAMES)('%s: approximate: true is accepted exactly for sketched aggregates', (a) => {
    const text = `apiVersion: openkpi/v1\nname: x\nsources:\n  o: {table: o, time: t}\nkpis:\n  - {id: k, name: K, source: o, window: 1d, approximate: true, measure: {aggregate: ${a}, expression: v}}`;
    const problems = parseCatalog(text, 'x.yaml').problems;
    expect(problems.length === 0).toBe(isSketched(a));
  });

  it.each(AGGREGATE_NAMES)('%s rolls up exactly, or only as a sketch when sketched', (a) => {
    const source = catalog.sources.orders;
    const exact = measurePlan(catalog, kpi(`agg_${a}`), source);
    const approximate = parsed(registryCatalog(true));
    const sketch = measurePlan(
      approximate,
      approximate.kpis.find((k) => k.id === `agg_${a}`)!,
      source
    );
    if (isSketched(a)) {
      expect(exact).toBeUndefined();
      expect(sketch?.approximate).toBe(true);
    } else {
      expect(exact?.approximate).toBe(false);
      expect(sketch?.approximate).toBe(false);
    }
  });
});

describe('the window registry', () => {
  const catalog = parsed(registryCatalog(false));

  it.each(WINDOWS)('%s parses, compiles and is described', (w) => {
    const spec = parseWindow(w)!;
    expect(catalog.kpis.find((k) => k.id === `win_${w}`)!.window).toEqual(spec);
    expect(describeWindow(spec, 'Europe/Berlin')).toMatch(spec.kind === 'rolling' ? /^the last 2 \w+s \(/ : /to date/);
    const sql = compileEval(catalog, { at: NOW, kpiIds: [`win_${w}`] });
    expect(sql).toContain(spec.kind === 'rolling' ? `rolling_${w}_from` : `date_trunc('${w}'`);
    expect(windowBounds(spec, 'now()', 'UTC').current.to).toBe('now()');
  });

  it('names every window kind in the message for an invalid window', () => {
    for (const w of [...ROLLING_UNIT_NAMES.map((u) => `<N>${u}`), ...CALENDAR_UNIT_NAMES]) {
      expect(WINDOW_HINT).toContain(w);
    }
    const text = `apiVersion: openkpi/v1\nname: x\nsources:\n  o: {table: o, time: t}\nkpis:\n  - {id: k, name: K, source: o, window: 3x, measure: {aggregate: count}}`;
    expect(parseCatalog(text, 'x.yaml').problems.map((p) => p.message)).toEqual([
      `invalid window "3x": ${WINDOW_HINT}`,
    ]);
  });

  // The window rule at any instant, in any zone: the current window ends at the instant and starts
  // before it, the previous window ends where it may and starts a period (or length) earlier.
  it.each(WINDOWS)('%s: the bounds at any instant are ordered as the rule says', (w) => {
    const spec = parseWindow(w)!;
    const zones = fc.constantFrom('UTC', 'Europe/Berlin', 'America/Havana', 'Pacific/Chatham');
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), zones, (at, tz) => {
        const b = windowMs(spec, at, tz);
        expect(b.from).toBeLessThan(at);
        expect(b.prevFrom).toBeLessThan(b.from);
        expect(b.prevTo).toBeLessThanOrEqual(b.from);
        expect(b.prevTo).toBeGreaterThan(b.prevFrom);
        if (spec.kind === 'rolling') {
          expect([at - b.from, b.from - b.prevFrom]).toEqual([rollingMs(spec), rollingMs(spec)]);
        } else {
          expect(b.periodEnd).toBeGreaterThanOrEqual(at);
          // A series bounds its bucket count with the shortest a period can be.
          expect(b.periodEnd! - b.from).toBeGreaterThanOrEqual(shortestPeriodMs(spec.unit));
          // The next period starts where this one ends.
          expect(windowMs(spec, b.periodEnd! + 1, tz).from).toBe(b.periodEnd);
        }
      }),
      { numRuns: 200 }
    );
  });
});
