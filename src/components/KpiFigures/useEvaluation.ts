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
  // The range object is rebuilt on every render; its URL text is what identifies it.
  const key = JSON.stringify([dsUid, kpiId, String(range.raw.from), String(range.raw.to)]);
  const [done, setDone] = useState<{ key: string; result: Omit<Evaluation, 'loading'> }>();

  useEffect(() => {
    let cancelled = false;
    const finish = (result: Omit<Evaluation, 'loading'>) => !cancelled && setDone({ key, result });
    (async () => {
      try {
        const ds = await getDataSourceSrv().get(dsUid);
        // query() may return a Promise or an Observable; rxjs `from` takes either.
        const response = await lastValueFrom(observableFrom(ds.query(evaluationRequest(dsUid, kpiId, range))));
        const errors = (response.errors ?? []).map((e) => e.message ?? 'query failed');
        finish({ figures: figuresOf(response.data, kpiId), errors: [...new Set(errors)] });
      } catch (e) {
        finish({ errors: [e instanceof Error ? e.message : String(e)] });
      }
    })();
    return () => {
      cancelled = true;
    };
    // `key` stands for dsUid, kpiId and the range.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  // Until the result for the current key arrives, an older one is not shown.
  return done?.key === key ? { loading: false, ...done.result } : { loading: true, errors: [] };
}
