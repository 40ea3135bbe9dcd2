import type { DataQueryRequest, TimeRange } from '@grafana/data';
import { withDefaults } from '../../query/defaults';
import type { KpiQuery } from '../../query/model';
import { Figures, figuresOf } from './figures';
import { kpiRequest, useKpiRequest } from './useKpiRequest';

/** Where an evaluation stands: loading, or done with figures and/or error messages. */
export interface Evaluation {
  loading: boolean;
  figures?: Figures;
  errors: string[];
}

/**
 * The request the KPI page sends: a `scorecard` query for one KPI, because the scorecard row carries
 * every figure (window, last data, staleness included) where the `kpi` frame carries only the values.
 * The data source evaluates at the range end.
 */
export function evaluationRequest(dsUid: string, kpiId: string, range: TimeRange): DataQueryRequest<KpiQuery> {
  return kpiRequest(
    dsUid,
    [withDefaults({ refId: 'A', kpis: [kpiId] }, 'scorecard')],
    range,
    `openkpi-kpi-page-${kpiId}`
  );
}

/** Evaluates one KPI with the data source `dsUid` over `range` (re-run when the range text changes). */
export function useEvaluation(dsUid: string, kpiId: string, range: TimeRange): Evaluation {
  const key = JSON.stringify([kpiId, String(range.raw.from), String(range.raw.to)]);
  const state = useKpiRequest(dsUid, key, () => evaluationRequest(dsUid, kpiId, range));
  return { loading: state.loading, figures: figuresOf(state.frames, kpiId), errors: state.errors };
}
