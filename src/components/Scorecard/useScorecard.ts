import { dateMath, DataQueryRequest, TimeRange } from '@grafana/data';
import type { Kpi } from '../../core/catalog/model';
import { withDefaults } from '../../query/defaults';
import type { KpiQuery } from '../../query/model';
import { kpiRequest, useKpiRequest } from '../KpiFigures/useKpiRequest';
import { ScorecardRow, scorecardRows } from './rows';

/** The scorecard evaluates now and draws each KPI's last 30 days, one point a day. */
export const SPARKLINE_RANGE = { from: 'now-30d', to: 'now' };

function range(): TimeRange {
  const from = dateMath.toDateTime(SPARKLINE_RANGE.from, {})!;
  const to = dateMath.toDateTime(SPARKLINE_RANGE.to, { roundUp: true })!;
  return { from, to, raw: SPARKLINE_RANGE };
}

/**
 * The whole scorecard in ONE request to the KPI data source: a `scorecard` query (every KPI's
 * figures at the range end, worst first) and a `trend` query (every KPI's daily trend, for the
 * sparklines). The data source runs both; how many SQL statements that takes is its business.
 */
export function scorecardRequest(dsUid: string): DataQueryRequest<KpiQuery> {
  return kpiRequest(
    dsUid,
    [
      withDefaults({ refId: 'scorecard' }, 'scorecard'),
      withDefaults({ refId: 'sparklines', mode: 'trend', step: '1d', targetLine: false }, 'trend'),
    ],
    range(),
    `openkpi-scorecard-${dsUid}`
  );
}

export interface ScorecardState {
  loading: boolean;
  rows: ScorecardRow[];
  errors: string[];
}

/** Evaluates every KPI of the data source `dsUid` (re-run when `reloadKey` changes). */
export function useScorecard(dsUid: string | undefined, kpis: Kpi[], reloadKey = ''): ScorecardState {
  const state = useKpiRequest(dsUid, `scorecard ${reloadKey}`, () => scorecardRequest(dsUid!));
  return { loading: state.loading, rows: scorecardRows(state.frames, kpis), errors: state.errors };
}
