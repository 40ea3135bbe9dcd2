import { parseCatalog } from '../catalog/parse';
import type { WindowSpec } from '../catalog/model';
import { parseWindow } from '../catalog/duration';
import { instant } from '../compiler/anchor';
import { compileBreakdown } from '../compiler/breakdownQuery';
import { compileEval } from '../compiler/evalQuery';
import type { DimensionFilter } from '../compiler/filters';
import { compileSeries } from '../compiler/seriesQuery';
import { compileValuesAt } from '../compiler/valuesAtQuery';
import { mayReadRollup, RollupUse, someMayReadRollup } from './mayRead';
import { rollupPlans } from './plan';

// `runs` has a rollup (counts, sums, a sketch for the approximate p95); `logs` has none (only an
// exact percentile and a distinct count read it); `score` is entered by hand.
const parsed = parseCatalog(
  `
apiVersion: openkpi/v1
name: may-read
timezone: Europe/Berlin
sources:
  runs: { table: runs, time: t, dimensions: [team, region] }
  logs: { table: app.logs, time: t, dimensions: [team, host] }
kpis:
  - { id: runs, name: Runs, source: runs, window: 7d, measure: { aggregate: count } }
  - { id: minutes, name: "O'Brien minutes", source: runs, window: month, filter: "team <> 'O''Brien'", measure: { aggregate: sum, expression: minutes } }
  - { id: p95, name: P95, source: runs, window: 7d, measure: { aggregate: p95, expression: minutes } }
  - { id: p95_approx, name: P95 approx, source: runs, window: 7d, approximate: true, measure: { aggregate: p95, expression: minutes } }
  - { id: slow_logs, name: Slow logs, source: logs, window: 7d, measure: { aggregate: p95, expression: ms } }
  - { id: hosts, name: Hosts, source: logs, window: 7d, measure: { aggregate: count_distinct, expression: host } }
  - { id: score, name: Score, source: manual }
  - { id: exact_formula, name: Exact formula, measure: { formula: "slow_logs / score + hosts" } }
  - { id: per_p95, name: Runs per p95, measure: { formula: "runs / p95" } }
  - { id: logs_per_run, name: Logs per run, measure: { formula: "slow_logs / runs" } }
  - { id: logs_per_p95, name: Logs per p95, measure: { formula: "slow_logs / p95" } }
  - { id: runs_growth, name: Runs growth, measure: { growth: { kpi: runs } } }
  - { id: p95_growth, name: P95 growth, measure: { growth: { kpi: p95 } } }
`,
  'may-read.yaml'
);
const catalog = parsed.catalog!;
const plans = rollupPlans(catalog);
const at = instant('2025-03-31T09:41:27Z');
const team: DimensionFilter = { dimension: 'team', values: ["O'Brien", '$var'] };
const region: DimensionFilter = { dimension: 'region', values: ['eu'] };
const host: DimensionFilter = { dimension: 'host', values: ['we"ird\\'] };
const value: RollupUse = { kind: 'value' };
const exact: RollupUse = { kind: 'exact' };
const by = (dimension: string): RollupUse => ({ kind: 'breakdown', by: dimension });

/** The statement the compiler writes for the use, given every rollup of the catalog. */
function compiled(kpiId: string, filters: DimensionFilter[], use: RollupUse): string {
  switch (use.kind) {
    case 'value':
      return compileEval(catalog, { kpiIds: [kpiId], at, filters, rollups: plans });
    case 'exact':
      return compileValuesAt(catalog, [{ kpiId, at: new Date('2025-03-31T09:41:27Z') }], filters, plans);
    case 'breakdown':
      return compileBreakdown(catalog, { kpiId, by: use.by, at, filters, rollups: plans });
  }
}

const readsRollup = (sql: string) => sql.includes('"openkpi"."rollup_may_read__');

type Case = [string, string, DimensionFilter[], RollupUse, boolean];
const cases: Case[] = [
  ['a count', 'runs', [], value, true],
  ['a count filtered by one dimension', 'runs', [team], value, true],
  ['a count filtered by two dimensions', 'runs', [team, region], value, false],
  ['a sum with a hostile filter', 'minutes', [region], value, true],
  ['an exact percentile', 'p95', [], value, false],
  ['an approximate percentile (a sketch)', 'p95_approx', [], value, true],
  ['a KPI of a source without a rollup plan', 'slow_logs', [], value, false],
  ['an exact distinct count', 'hosts', [host], value, false],
  ['a manual KPI', 'score', [], value, false],
  ['a formula of KPIs no rollup answers', 'exact_formula', [], value, false],
  ['a formula with one operand a rollup answers', 'per_p95', [], value, true],
  ['a formula with one operand a rollup answers, two dimensions', 'per_p95', [team, region], value, false],
  ['a growth of a count', 'runs_growth', [team], value, true],
  ['a growth of an exact percentile', 'p95_growth', [], value, false],
  ['a key result: a count', 'runs', [], exact, true],
  ['a key result: a sketch never answers one', 'p95_approx', [], exact, false],
  ['a key result: a growth reads raw rows', 'runs_growth', [], exact, false],
  ['a key result: a formula reads raw rows', 'per_p95', [], exact, false],
  ['a breakdown of a count', 'runs', [], by('team'), true],
  ['a breakdown of a count filtered by its dimension', 'runs', [team], by('team'), true],
  ['a breakdown of a count filtered by another dimension', 'runs', [region], by('team'), false],
  ['a breakdown of an approximate percentile (sketches are not broken down)', 'p95_approx', [], by('team'), false],
  ['a breakdown of an exact percentile', 'p95', [], by('region'), false],
  ['a breakdown of a growth', 'runs_growth', [], by('team'), false],
  ['a breakdown of a formula, an operand broken down from the rollup', 'per_p95', [team], by('team'), true],
  ['a breakdown of a formula, an operand taken whole from the rollup', 'logs_per_run', [team, host], by('host'), true],
  ['a breakdown of a formula, the operand taken whole reads raw rows', 'logs_per_p95', [host], by('host'), false],
  [
    'a breakdown of a formula, the rolled operand filtered by another dimension',
    'per_p95',
    [region],
    by('team'),
    false,
  ],
];

describe('mayReadRollup agrees with the statements the compiler writes', () => {
  it('parses the catalog', () => {
    expect(parsed.problems).toEqual([]);
    expect(plans.map((p) => p.source.name)).toEqual(['runs']);
  });

  it.each(cases)('%s (%s)', (_, kpiId, filters, use, expected) => {
    const kpi = catalog.kpis.find((k) => k.id === kpiId)!;
    expect(mayReadRollup(catalog, plans, kpi, filters, use)).toBe(expected);
    expect(readsRollup(compiled(kpiId, filters, use))).toBe(expected);
  });

  // A series may still read raw rows where this says it could read a rollup (a formula point by
  // point), never the other way round.
  it.each(cases.filter(([, , , use, expected]) => use.kind === 'value' && !expected))(
    'a trend of %s (%s) reads no rollup either',
    (_, kpiId, filters) => {
      const step = parseWindow('1d') as WindowSpec;
      const request = { kpiId, filters, rollups: plans, step, mode: 'trend' as const, endAligned: true };
      const sql = compileSeries(catalog, { ...request, from: new Date('2025-03-01Z'), to: new Date('2025-03-31Z') });
      expect(readsRollup(sql)).toBe(false);
    }
  );

  it('is true for a list of reads as soon as one could read a rollup (someMayReadRollup)', () => {
    const kpi = (id: string) => catalog.kpis.find((k) => k.id === id)!;
    expect(someMayReadRollup(catalog, plans, [])).toBe(false);
    const none = [
      { kpi: kpi('p95'), use: value },
      { kpi: kpi('p95'), use: by('region') },
      { kpi: kpi('runs'), filters: [team, region], use: value },
    ];
    expect(someMayReadRollup(catalog, plans, none)).toBe(false);
    expect(someMayReadRollup(catalog, plans, [...none, { kpi: kpi('runs'), use: by('team') }])).toBe(true);
    expect(someMayReadRollup(catalog, [], [{ kpi: kpi('runs'), use: value }])).toBe(false);
  });

  it('is false for every KPI of a catalog without a rollup plan', () => {
    const kpi = catalog.kpis.find((k) => k.id === 'runs')!;
    expect(mayReadRollup(catalog, [], kpi, [], value)).toBe(false);
  });
});
