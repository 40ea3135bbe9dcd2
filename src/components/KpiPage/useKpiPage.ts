import type { TimeRange } from '@grafana/data';
import type { Catalog, Kpi } from '../../core/catalog/model';
import { instant } from '../../core/compiler/anchor';
import { compileEval } from '../../core/compiler/evalQuery';
import { breakdownDimensions } from '../../core/compiler/breakdownDimensions';
import { BreakdownResult, evaluateBreakdown } from '../../core/evaluation/breakdown';
import { evaluateKpis, KpiEvaluation } from '../../core/evaluation/evaluate';
import { messageOf, SqlRunner } from '../../core/evaluation/runner';
import { evaluateJudgedSeries } from '../../core/evaluation/series';
import type { RollupRead } from '../../core/rollup/mayRead';
import type { RollupPlan } from '../../core/rollup/plan';
import { stepFromInterval } from '../../datasource/step';
import { AsyncState, useAsync } from '../useAsync';
import { BandPoint, bandPoints } from './bands';

/** About this many points on the page's trend, whatever the range. */
const TREND_POINTS = 60;

/** A breakdown by one dimension, or why it failed. */
export type Breakdown = { by: string; result?: BreakdownResult; error?: string };

/** Everything the KPI page shows that comes from the database. */
export interface KpiPageData {
  evaluation: KpiEvaluation;
  trend: BandPoint[];
  trendError?: string;
  breakdowns: Breakdown[];
}

/**
 * The dimensions a KPI can be broken down by: its source's (a growth KPI: its named KPI's source's;
 * a formula: those the source of some KPI it uses declares), from the core (breakdownDimensions).
 */
export function dimensionsOf(catalog: Catalog, kpi: Kpi): string[] {
  return breakdownDimensions(catalog, kpi);
}

/**
 * The statement that evaluates the KPI at the range end over raw rows (shown to editors): what
 * the data source runs without rollups; `openkpi sql --rollups` prints the one that reads them.
 */
export function compiledSql(catalog: Catalog, kpi: Kpi, at: Date): string {
  return compileEval(catalog, { kpiIds: [kpi.id], at: instant(at) });
}

/**
 * What loadKpiPage evaluates, as far as rollups go: the KPI's value and trend (no filters) and its
 * breakdown by each dimension.
 */
export function kpiPageReads(catalog: Catalog, kpi: Kpi): RollupRead[] {
  return [
    { kpi, use: { kind: 'value' } },
    ...dimensionsOf(catalog, kpi).map((by): RollupRead => ({ kpi, use: { kind: 'breakdown', by } })),
  ];
}

/**
 * Evaluates the KPI at the range end, its trend over the range (the thresholds in force at each
 * point alongside) and its breakdown by each dimension: the core's evaluations, run on the source's
 * PostgreSQL data source, reading `rollups` as the panels do (docs/rollups.md). Statements run
 * concurrently; a failing trend or breakdown leaves the rest.
 */
export async function loadKpiPage(
  catalog: Catalog,
  kpi: Kpi,
  range: { from: Date; to: Date },
  runner: SqlRunner,
  rollups: RollupPlan[] = []
): Promise<KpiPageData> {
  const at = instant(range.to);
  const step = stepFromInterval((range.to.getTime() - range.from.getTime()) / TREND_POINTS);
  const [evaluated, trend, breakdowns] = await Promise.all([
    evaluateKpis(catalog, { kpiIds: [kpi.id], at, rollups }, runner),
    evaluateJudgedSeries(
      catalog,
      { kpiId: kpi.id, from: range.from, to: range.to, step, mode: 'trend', endAligned: true, rollups },
      runner
    ).then(
      (series): { points: BandPoint[]; error?: string } => ({ points: bandPoints(series) }),
      (e: unknown) => ({ points: [] as BandPoint[], error: messageOf(e) })
    ),
    Promise.all(
      dimensionsOf(catalog, kpi).map((by) =>
        evaluateBreakdown(catalog, { kpiId: kpi.id, by, at, rollups }, runner).then(
          (result): Breakdown => ({ by, result }),
          (e: unknown): Breakdown => ({ by, error: messageOf(e) })
        )
      )
    ),
  ]);
  return { evaluation: evaluated.kpis[0], trend: trend.points, trendError: trend.error, breakdowns };
}

/**
 * The KPI page's data for the range (re-run when the range text or the KPI changes): `probe` says
 * which rollups to read first (one small statement, unless none of `reads` could read one), then
 * the evaluations run.
 */
export function useKpiPage(
  catalog: Catalog,
  kpi: Kpi,
  range: TimeRange,
  runner: () => SqlRunner,
  probe: (runner: SqlRunner, reads: RollupRead[]) => Promise<RollupPlan[]> = async () => []
): AsyncState<KpiPageData> {
  const key = JSON.stringify([catalog.name, kpi, String(range.raw.from), String(range.raw.to)]);
  return useAsync(key, async () => {
    const sql = runner();
    const bounds = { from: range.from.toDate(), to: range.to.toDate() };
    return loadKpiPage(catalog, kpi, bounds, sql, await probe(sql, kpiPageReads(catalog, kpi)));
  });
}
