/**
 * Grafana's `/api/ds/query` behind backendSrv, played by PostgreSQL. It follows Grafana's
 * documented shapes: each `rawSql` of a call runs on the test database and is answered with a frame
 * shaped as Grafana's PostgreSQL data source sends it (schema + columnar values); a call with a
 * failed query is HTTP 400 whose body still carries `results[refId]` for every query. Like
 * Grafana 12's backendSrv, a call with a `requestId` ends any call in flight with the same id
 * (`{cancelled: true, status: -1}`), and unsubscribing aborts the HTTP request (the server stops).
 */
import type { BackendSrv, BackendSrvRequest, FetchResponse } from '@grafana/runtime';
import { Client, QueryResult, types } from 'pg';
import { Observable } from 'rxjs';

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

/** Grafana's PostgreSQL data source: numbers as numbers (numeric and int8 included), times as epoch ms. */
function fieldType(oid: number): { type: string; frame: string } {
  if (oid === 16) {
    return { type: 'boolean', frame: 'bool' };
  }
  if ([20, 21, 23, 700, 701, 1700].includes(oid)) {
    return { type: 'number', frame: 'float64' };
  }
  if ([1082, 1114, 1184].includes(oid)) {
    return { type: 'time', frame: 'time.Time' };
  }
  return { type: 'string', frame: 'string' };
}

const grafanaTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === 20 || oid === 1700) {
      return (v: string) => Number(v);
    }
    if (oid === 1082 || oid === 1114 || oid === 1184) {
      return (v: string) => new Date(v).getTime();
    }
    return types.getTypeParser(oid, format);
  }) as typeof types.getTypeParser,
};

interface Query {
  refId: string;
  rawSql: string;
  datasource: unknown;
  format: string;
}

export function dsQueryStandIn(client: Client, postgres: { uid: string; type: string }): DsQueryStandIn {
  const sql: string[] = [];
  const calls: DsQueryCall[] = [];
  const live = new Map<DsQueryCall, () => void>();
  let gate: Promise<void> = Promise.resolve();

  const fetch = <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> => {
    const { queries, from, to } = options.data as { queries: Query[]; from: unknown; to: unknown };
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
      const results: Record<string, unknown> = {};
      let failed = false;
      const waitFor = gate;
      (async () => {
        await waitFor;
        for (const q of queries) {
          if (stopped()) {
            return;
          }
          expect(q.datasource).toEqual(postgres);
          expect(q.format).toBe('table');
          sql.push(q.rawSql);
          call.sql.push(q.rawSql);
          try {
            // Several statements (`SET LOCAL …; SELECT …`) run as one; like Grafana's PostgreSQL data
            // source, the frame holds the rows of the SELECTs and skips the other statements.
            const answer = (await client.query({ text: q.rawSql, types: grafanaTypes })) as unknown;
            const all = (Array.isArray(answer) ? answer : [answer]) as QueryResult[];
            const selects = all.filter((r) => r.command === 'SELECT');
            const res = { fields: selects[selects.length - 1]?.fields ?? [], rows: selects.flatMap((r) => r.rows) };
            const fields = res.fields.map((f) => ({
              name: f.name,
              type: fieldType(f.dataTypeID).type,
              typeInfo: { frame: fieldType(f.dataTypeID).frame, nullable: true },
            }));
            results[q.refId] = {
              status: 200,
              frames: [
                {
                  schema: { refId: q.refId, meta: { typeVersion: [0, 0], executedQueryString: q.rawSql }, fields },
                  data: { values: res.fields.map((f) => res.rows.map((r) => r[f.name])) },
                },
              ],
            };
          } catch (e) {
            failed = true;
            results[q.refId] = { error: (e as Error).message, errorSource: 'downstream', status: 400 };
          }
        }
        if (stopped()) {
          return;
        }
        live.delete(call);
        const data = { results } as T;
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
