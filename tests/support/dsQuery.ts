/**
 * Grafana's `/api/ds/query` behind backendSrv, played by PostgreSQL (tests/harness/dsQuery.ts, the
 * stand-in the preview harness serves over HTTP): each `rawSql` of a call runs on the test database
 * and is answered with a frame shaped as Grafana's PostgreSQL data source sends it (schema +
 * columnar values); a call with a failed query is HTTP 400 whose body still carries
 * `results[refId]` for every query. Like
 * Grafana 12's backendSrv, a call with a `requestId` ends any call in flight with the same id
 * (`{cancelled: true, status: -1}`), and unsubscribing aborts the HTTP request (the server stops).
 */
import type { BackendSrv, BackendSrvRequest, FetchResponse } from '@grafana/runtime';
import type { Client } from 'pg';
import { Observable } from 'rxjs';
import { answerDsQuery, DsQuery } from '../harness/dsQuery';

/** One `/api/ds/query` call as the server saw it. */
export interface DsQueryCall {
  requestId?: string;
  /** The rawSql of each query of the call, in order. */
  sql: string[];
  /** The browser aborted the request (every panel that waited unsubscribed). */
  aborted: boolean;
  /** backendSrv ended it because a newer call had the same requestId. */
  superseded: boolean;
}

export interface DsQueryStandIn {
  backend: BackendSrv;
  /** Every rawSql received, in order. */
  sql: string[];
  calls: DsQueryCall[];
  /** Until the returned release() is called, calls wait before answering (to keep them in flight). */
  hold(): () => void;
  reset(): void;
}

export function dsQueryStandIn(client: Client, postgres: { uid: string; type: string }): DsQueryStandIn {
  const sql: string[] = [];
  const calls: DsQueryCall[] = [];
  const live = new Map<DsQueryCall, () => void>();
  let gate: Promise<void> = Promise.resolve();

  const fetch = <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> => {
    const { from, to } = options.data as { from: unknown; to: unknown };
    const call: DsQueryCall = { requestId: options.requestId, sql: [], aborted: false, superseded: false };
    // backendSrv publishes the requestId when fetch() is called: an older call with it ends.
    for (const [other, supersede] of live) {
      if (options.requestId !== undefined && other.requestId === options.requestId) {
        supersede();
      }
    }
    calls.push(call);
    return new Observable<FetchResponse<T>>((subscriber) => {
      expect(options.url).toBe('/api/ds/query');
      expect(options.method).toBe('POST');
      expect(typeof from).toBe('string');
      expect(typeof to).toBe('string');
      live.set(call, () => {
        call.superseded = true;
        live.delete(call);
        subscriber.error({
          type: 'cancelled',
          cancelled: true,
          data: null,
          status: -1,
          statusText: 'Request was aborted',
          config: options,
        });
      });
      const stopped = () => call.aborted || call.superseded;
      const waitFor = gate;
      (async () => {
        await waitFor;
        // The SQL runs and is answered by the one stand-in the preview harness serves too.
        const answer = await answerDsQuery(client, options.data, {
          stopped,
          onQuery: (q: DsQuery) => {
            expect(q.datasource).toEqual(postgres);
            expect(q.format).toBe('table');
            sql.push(q.rawSql ?? '');
            call.sql.push(q.rawSql ?? '');
          },
        });
        const failed = answer.status !== 200;
        if (stopped()) {
          return;
        }
        live.delete(call);
        const data = answer.body as T;
        if (failed) {
          // What backendSrv.fetch does with a non-2xx answer: a FetchError carrying the body.
          subscriber.error({ status: 400, statusText: 'Bad Request', data, config: options });
        } else {
          subscriber.next({
            data,
            status: 200,
            ok: true,
            statusText: 'OK',
            headers: new Headers(),
            redirected: false,
            type: 'basic',
            url: options.url,
            config: options,
          });
          subscriber.complete();
        }
      })().catch((e) => subscriber.error(e));
      return () => {
        if (live.has(call)) {
          call.aborted = true;
          live.delete(call);
        }
      };
    });
  };

  return {
    backend: { fetch } as unknown as BackendSrv,
    sql,
    calls,
    hold() {
      let release = () => {};
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = Promise.resolve();
        release();
      };
    },
    reset() {
      sql.length = 0;
      calls.length = 0;
    },
  };
}
