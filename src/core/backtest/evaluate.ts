import { Catalog } from '../catalog/model';
import { kpiById, minVolumeOf } from '../compiler/kpiSql';
import type { Judgement } from '../evaluation/status';
import { OpenKpiError } from '../errors';
import { SqlRunner } from '../evaluation/runner';
import { evaluateJudgedSeries, PointJudging, SeriesRequest } from '../evaluation/series';
import { Backtest, backtest, replaced, ThresholdOverrides, thresholdsOrdered } from './backtest';

/** A backtest: the trend series of `series` with the same arguments, and thresholds to try. */
export type BacktestRequest = Omit<SeriesRequest, 'mode'> & ThresholdOverrides;

export interface BacktestResult extends Backtest {
  kpi: string;
}

/**
 * Evaluates the KPI as eval would at every bucket end of the trend series (one statement),
 * with the thresholds in force at each point — replaced by the request's where given — and
 * counts statuses and alert entries (docs/cli.md, `openkpi backtest`). Thresholds that contradict each other (a
 * critical on the better side of the warning), given or in force at some point, are refused.
 */
export async function evaluateBacktest(
  catalog: Catalog,
  request: BacktestRequest,
  runner: SqlRunner
): Promise<BacktestResult> {
  const kpi = kpiById(catalog, request.kpiId);
  const overrides: ThresholdOverrides = { warning: request.warning, critical: request.critical };
  const contradiction = (w: number | null, c: number | null): string =>
    `backtest of ${kpi.id}: critical ${c} must be ${kpi.direction === 'higher' ? 'at or below' : 'at or above'} warning ${w} when ${kpi.direction} is better`;
  const asked = replaced({ warning: null, critical: null }, overrides);
  if (!thresholdsOrdered(asked, kpi.direction)) {
    throw new OpenKpiError(contradiction(asked.warning, asked.critical));
  }
  const { kpiId, from, to, step, filters } = request;
  const { endAligned, rollups } = request;
  const result = await evaluateJudgedSeries(
    catalog,
    { kpiId, from, to, step, filters, mode: 'trend', endAligned, judging: true, rollups },
    runner
  );
  const minVolume = minVolumeOf(catalog, kpi);
  const gated = kpi.pace !== undefined || minVolume !== undefined;
  // As evaluationFromRow judges an eval row: a paced KPI on its projection, with the gates.
  const judgementOf = (value: number | null, j: PointJudging | undefined): Omit<Judgement, 'value'> => ({
    judged: kpi.pace ? (j?.projected ?? null) : value,
    volume: minVolume !== undefined ? (j?.volume ?? null) : undefined,
    minVolume,
    elapsedShare: kpi.pace ? (j?.elapsedShare ?? null) : undefined,
    after: kpi.pace?.after,
  });
  // Each point carries the thresholds in force at its instant (the series statement computes them).
  const points = result.points.map((p) => {
    const inForce = { warning: p.warning, critical: p.critical };
    const t = replaced(inForce, overrides);
    if (!thresholdsOrdered(t, kpi.direction)) {
      throw new OpenKpiError(`${contradiction(t.warning, t.critical)} (in force at ${p.time}): give both thresholds`);
    }
    return {
      time: p.time,
      value: p.value,
      warning: inForce.warning,
      critical: inForce.critical,
      ...(gated ? { judgement: judgementOf(p.value, p.judging) } : {}),
    };
  });
  return { kpi: kpi.id, ...backtest(points, kpi.direction, overrides) };
}
