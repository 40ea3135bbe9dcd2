import { useEffect, useState } from 'react';
import { from as observableFrom, lastValueFrom } from 'rxjs';
import { CoreApp, DataFrame, DataQueryRequest, TimeRange } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import type { KpiQuery } from '../../query/model';
import { KPI_DATASOURCE_TYPE } from '../../constants';

/** Where a request stands: loading, or done with frames and/or error messages. */
export interface RequestState {
  loading: boolean;
  frames: DataFrame[];
  errors: string[];
}

/** One request to a KPI data source: these targets over this range (each aimed at the data source). */
export function kpiRequest(
  dsUid: string,
  targets: KpiQuery[],
  range: TimeRange,
  requestId: string
): DataQueryRequest<KpiQuery> {
  return {
    requestId,
    app: CoreApp.Unknown,
    range,
    interval: '1d',
    intervalMs: 86_400_000,
    scopedVars: {},
    timezone: 'browser',
    startTime: Date.now(),
    targets: targets.map((t) => ({ ...t, datasource: { uid: dsUid, type: KPI_DATASOURCE_TYPE } })),
  };
}

/**
 * Runs `request()` against the data source `dsUid` whenever `key` changes (the request object is
 * rebuilt on every render; the key says what it asks), keeping only the answer for the latest key.
 */
export function useKpiRequest(
  dsUid: string | undefined,
  key: string,
  request: () => DataQueryRequest<KpiQuery>
): RequestState {
  const [done, setDone] = useState<{ key: string; frames: DataFrame[]; errors: string[] }>();
  const fullKey = JSON.stringify([dsUid, key]);

  useEffect(() => {
    if (!dsUid) {
      return;
    }
    let cancelled = false;
    const finish = (frames: DataFrame[], errors: string[]) =>
      !cancelled && setDone({ key: fullKey, frames, errors: [...new Set(errors)] });
    (async () => {
      try {
        const ds = await getDataSourceSrv().get(dsUid);
        // query() may return a Promise or an Observable; rxjs `from` takes either.
        const response = await lastValueFrom(observableFrom(ds.query(request())));
        finish(
          response.data,
          (response.errors ?? []).map((e) => e.message ?? 'query failed')
        );
      } catch (e) {
        finish([], [e instanceof Error ? e.message : String(e)]);
      }
    })();
    return () => {
      cancelled = true;
    };
    // `fullKey` stands for the data source and what the request asks.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fullKey]);

  if (!dsUid) {
    return { loading: false, frames: [], errors: [] };
  }
  return done?.key === fullKey
    ? { loading: false, frames: done.frames, errors: done.errors }
    : { loading: true, frames: [], errors: [] };
}
