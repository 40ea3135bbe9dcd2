import { useEffect, useState } from 'react';
import { from as observableFrom, lastValueFrom } from 'rxjs';
import { CoreApp, DataQueryRequest, TimeRange } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { withDefaults } from '../../datasource/defaults';
import type { KpiQuery } from '../../datasource/types';
import { KPI_DATASOURCE_TYPE } from '../../constants';
import { Figures, figuresOf } from './figures';

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
  const target = withDefaults({ refId: 'A', kpis: [kpiId] }, 'scorecard');
  return {
    requestId: `openkpi-kpi-page-${kpiId}`,
    app: CoreApp.Unknown,
    range,
    interval: '1m',
    intervalMs: 60_000,
    scopedVars: {},
    timezone: 'browser',
    startTime: Date.now(),
    targets: [{ ...target, datasource: { uid: dsUid, type: KPI_DATASOURCE_TYPE } }],
  };
}

/** Evaluates one KPI with the data source `dsUid` over `range` (re-run when the range text changes). */
export function useEvaluation(dsUid: string, kpiId: string, range: TimeRange): Evaluation {
  const [state, setState] = useState<Evaluation>({ loading: true, errors: [] });
  const rawFrom = String(range.raw.from);
  const rawTo = String(range.raw.to);

  useEffect(() => {
    let cancelled = false;
    setState({ loading: true, errors: [] });
    (async () => {
      try {
        const ds = await getDataSourceSrv().get(dsUid);
        // query() may return a Promise or an Observable; rxjs `from` takes either.
        const response = await lastValueFrom(observableFrom(ds.query(evaluationRequest(dsUid, kpiId, range))));
        const errors = (response.errors ?? (response.error ? [response.error] : [])).map(
          (e) => e.message ?? 'query failed'
        );
        const figures = figuresOf(response.data, kpiId);
        if (!cancelled) {
          setState({ loading: false, figures, errors: [...new Set(errors)] });
        }
      } catch (e) {
        if (!cancelled) {
          setState({ loading: false, errors: [e instanceof Error ? e.message : String(e)] });
        }
      }
    })();
    return () => {
      cancelled = true;
    };
    // The range object is rebuilt on every render; its URL text is what identifies it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dsUid, kpiId, rawFrom, rawTo]);

  return state;
}
