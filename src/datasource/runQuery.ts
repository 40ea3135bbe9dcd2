import type { DataFrame, DataQueryError } from '@grafana/data';
import type { Catalog, Kpi } from '../core/catalog/model';
import { instant } from '../core/compiler/anchor';
import { evaluateJudgedBreakdown } from '../core/evaluation/breakdown';
import { evaluateKpis } from '../core/evaluation/evaluate';
import { messageOf, SqlRunner } from '../core/evaluation/runner';
import { evaluateJudgedSeries } from '../core/evaluation/series';
import { OpenKpiError } from '../core/errors';
import { evaluateBacktest } from '../core/backtest/evaluate';
import { evaluateObjectives, objectiveReads } from '../core/objectives/evaluate';
import { backtestFrame, objectivesFrame } from './objectiveFrames';
import { ALL } from './variables';
import type { Evaluate } from './evalCoalescer';
import type { Thresholds } from '../core/rules/statusRule';
import { minVolumeOf } from '../core/compiler/kpiSql';
import { comparisonLabel } from '../core/comparison';
import type { KpiDisplay } from './fieldConfig';
import { breakdownFrame, kpiFrame, noBreakdownFrame, scorecardFrame, seriesFrame } from './frames';
import { breakdownDimensions } from '../core/compiler/breakdownDimensions';
import { ResolvedQuery, selectKpis } from './resolve';
import { resolveStep } from './step';
import type { RollupPlan } from '../core/rollup/plan';
import { mayReadRollup, someMayReadRollup } from '../core/rollup/mayRead';

/** The dashboard's side of a query: range end = evaluation instant; Trend covers the range. */
export interface QueryContext {
  from: Date;
  to: Date;
  intervalMs: number;
  /** The OpenKPI data source's uid, for links to the app's KPI page. */
  dsUid?: string;
  /** The rollups present, when the data source reads them (probed once per refresh: answerBatch.ts). */
  rollups?: Promise<RollupPlan[]>;
}

/** Frames for a panel, plus per-KPI errors that leave the other KPIs' frames in place. */
export interface QueryOutcome {
  frames: DataFrame[];
  errors: DataQueryError[];
}

/** An error that names the KPI, unless the message already does. */
function kpiError(kpi: Kpi, e: unknown): string {
  const message = messageOf(e);
  return message.includes(kpi.id) ? message : `${kpi.name} (${kpi.id}): ${message}`;
}

/**
 * A panel's colours: the thresholds its statement returned with the last row (a trend's last point
 * is the range end; a breakdown's rows all share the anchor's). No rows, nothing to colour. A paced
 * KPI's to-date values are not judged by them (see KpiDisplay.paced).
 */
function displayOf(kpi: Kpi, rows: Thresholds[], ctx: QueryContext): KpiDisplay {
  const last = rows[rows.length - 1];
  return {
    ...kpi,
    warning: last?.warning ?? null,
    critical: last?.critical ?? null,
    dsUid: ctx.dsUid,
    paced: kpi.pace !== undefined,
  };
}

/**
 * KPIs whose status is not read off the thresholds alone (pace, minimum volume): a trend of one
 * needs the status at the range end to be coloured right (docs/catalog.md: Pace, Minimum volume).
 */
function gated(catalog: Catalog, kpi: Kpi): boolean {
  return kpi.pace !== undefined || minVolumeOf(catalog, kpi) !== undefined;
}

/**
 * Why a panel shows no breakdown of this KPI by `by`, or undefined when it can: on a dashboard whose
 * "Breakdown by" is shared by several KPIs (or left empty), a KPI none of whose sources declares the
 * dimension is a state to show, not a failure.
 */
function breakdownRefusal(catalog: Catalog, kpi: Kpi, by: string): string | undefined {
  const offered = breakdownDimensions(catalog, kpi);
  if (offered.length === 0) {
    return `${kpi.name} (${kpi.id}) has no dimension to break it down by`;
  }
  if (by === '') {
    return `choose a dimension to break ${kpi.name} (${kpi.id}) down by: ${offered.join(', ')}`;
  }
  if (!offered.includes(by)) {
    return `${kpi.name} (${kpi.id}) is not broken down by ${by}: it can be by ${offered.join(', ')}`;
  }
  return undefined;
}

/**
 * Whether runQuery's statements for this query could read one of the catalog's rollups `plans`
 * (core/rollup/mayRead.ts, per KPI as the query reads it): when no query of a refresh could, the
 * refresh asks nothing about rollups. False for a query that fails before any statement (an unknown KPI).
 */
export function queryMayReadRollup(catalog: Catalog, plans: RollupPlan[], resolved: ResolvedQuery): boolean {
  if (plans.length === 0) {
    return false;
  }
  const { query, filters } = resolved;
  if (query.queryType === 'objectives') {
    // Every objective is evaluated (the frame keeps the chosen ones), without the dimension filters.
    return someMayReadRollup(catalog, plans, objectiveReads(catalog));
  }
  let ids: string[];
  try {
    ids = selectKpis(catalog, resolved.selector);
  } catch {
    return false;
  }
  const use =
    query.queryType === 'breakdown'
      ? { kind: 'breakdown' as const, by: resolved.by ?? '' }
      : { kind: 'value' as const };
  return catalog.kpis.some((k) => ids.includes(k.id) && mayReadRollup(catalog, plans, k, filters, use));
}

/**
 * Runs a resolved query against the catalog; per-KPI failures become errors naming the KPI.
 * Evaluations go through `evaluate`, which a refresh shares between its panels (see evalCoalescer).
 */
export async function runQuery(
  catalog: Catalog,
  resolved: ResolvedQuery,
  ctx: QueryContext,
  runner: SqlRunner,
  evaluate: Evaluate = (c, r) => evaluateKpis(c, r, runner)
): Promise<QueryOutcome> {
  const { query, filters } = resolved;
  // Every panel of a refresh that probes waits for the same probe, so their statements still leave together.
  const rollups = ctx.rollups ? await ctx.rollups : undefined;
  if (query.queryType === 'objectives') {
    // Objectives are about whole KPIs: the selector and dimension filters do not apply.
    const only = resolved.objectives === ALL ? [] : (resolved.objectives ?? []);
    const unknown = only.filter((id) => !(catalog.objectives ?? []).some((o) => o.id === id));
    if (unknown.length > 0) {
      throw new OpenKpiError(`unknown objective "${unknown[0]}" (not in catalog "${catalog.name}")`);
    }
    const result = await evaluateObjectives(catalog, instant(ctx.to), runner, rollups);
    return { frames: [objectivesFrame(result, query.refId, only, ctx.dsUid)], errors: [] };
  }
  const ids = selectKpis(catalog, resolved.selector);
  if (ids.length === 0) {
    return { frames: [], errors: [] };
  }
  const refId = query.refId;
  const kpis = ids.map((id) => catalog.kpis.find((k) => k.id === id) as Kpi);

  if (query.queryType === 'kpi' || query.queryType === 'scorecard') {
    const result = await evaluate(catalog, { kpiIds: ids, at: instant(ctx.to), filters, rollups });
    const errors = result.kpis.filter((k) => k.error).map((k) => ({ refId, message: k.error }));
    const frames =
      query.queryType === 'kpi'
        ? result.kpis.map((e, i) =>
            kpiFrame(e, refId, ctx.dsUid, {
              figures: query.figures,
              pace: query.pace,
              comparison: comparisonLabel(catalog, kpis[i]),
            })
          )
        : [scorecardFrame(result.kpis, refId, ctx.dsUid)];
    return { frames, errors };
  }

  const outcomes = await Promise.all(
    kpis.map(async (kpi): Promise<QueryOutcome> => {
      try {
        if (query.queryType === 'trend') {
          const step = resolveStep(query.step, ctx.intervalMs);
          // Both statements are issued before any await, so they travel in the same round.
          const [series, status] = await Promise.all([
            evaluateJudgedSeries(
              catalog,
              { kpiId: kpi.id, from: ctx.from, to: ctx.to, step, mode: query.mode, filters, endAligned: true, rollups },
              runner
            ),
            gated(catalog, kpi)
              ? evaluate(catalog, { kpiIds: [kpi.id], at: instant(ctx.to), filters, rollups }).then(
                  (r) => r.kpis[0].status
                )
              : Promise.resolve(undefined),
          ]);
          const display = { ...displayOf(kpi, series.points, ctx), status };
          return { frames: [seriesFrame(series, display, refId, query.targetLine !== false)], errors: [] };
        }
        if (query.queryType === 'backtest') {
          const step = resolveStep(query.step, ctx.intervalMs);
          const result = await evaluateBacktest(
            catalog,
            {
              kpiId: kpi.id,
              from: ctx.from,
              to: ctx.to,
              step,
              filters,
              endAligned: true,
              warning: query.warning,
              critical: query.critical,
              rollups,
            },
            runner
          );
          return { frames: [backtestFrame(result, kpi.name, refId)], errors: [] };
        }
        const by = resolved.by ?? '';
        const refusal = breakdownRefusal(catalog, kpi, by);
        if (refusal !== undefined) {
          return { frames: [noBreakdownFrame(displayOf(kpi, [], ctx), by, refusal, refId)], errors: [] };
        }
        const result = await evaluateJudgedBreakdown(
          catalog,
          { kpiId: kpi.id, by, at: instant(ctx.to), filters, rollups },
          runner
        );
        return { frames: [breakdownFrame(result, displayOf(kpi, result.rows, ctx), refId)], errors: [] };
      } catch (e) {
        return { frames: [], errors: [{ refId, message: kpiError(kpi, e) }] };
      }
    })
  );
  return { frames: outcomes.flatMap((o) => o.frames), errors: outcomes.flatMap((o) => o.errors) };
}
