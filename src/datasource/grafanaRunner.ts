import { DataFrame, DataQueryError, DataQueryResponse } from '@grafana/data';
import {
  BackendSrv,
  BackendDataSourceResponse,
  FetchResponse,
  isFetchError,
  toDataQueryResponse,
} from '@grafana/runtime';
import { catchError, lastValueFrom, map, Observable, of } from 'rxjs';
import { withJitOff } from '../core/compiler/statement';
import type { SqlRunner } from '../core/evaluation/runner';
import { frameToRows } from './rows';

/** The PostgreSQL data source a KPI data source runs its SQL on. */
export interface PostgresRef {
  uid: string;
  type: string;
}

/** Rows of one statement, or the reason it failed (`cancelled`: a newer refresh superseded the call). */
export type StatementOutcome = { rows: Array<Record<string, unknown>> } | { error: string; cancelled?: boolean };

/** Sends statements in one `/api/ds/query` call; outcomes in statement order. */
export type SendStatements = (statements: string[], requestId?: string) => Observable<StatementOutcome[]>;

/**
 * backendSrv ends a call when a newer one carries the same requestId: Grafana 12 throws
 * `{cancelled: true, status: -1}`, older versions answered `{data: [], status: -1}`.
 */
const CANCELLED_STATUS = -1;
const CANCELLED = 'cancelled: a newer refresh of the same panels superseded this query';

function isCancelled(err: unknown): boolean {
  const e = err as { cancelled?: boolean; status?: number } | null;
  return typeof e === 'object' && e !== null && (e.cancelled === true || e.status === CANCELLED_STATUS);
}

function errorText(error: DataQueryError): string {
  return error.message ?? error.data?.message ?? 'query failed';
}

/** Per statement: its frame's rows, or the error Grafana reported for its refId (a missing answer is one too). */
function outcomesOf(answered: object, response: DataQueryResponse, refIds: string[]): StatementOutcome[] {
  const frames = new Map<string, DataFrame>();
  for (const frame of response.data as DataFrame[]) {
    if (frame.refId !== undefined && !frames.has(frame.refId)) {
      frames.set(frame.refId, frame);
    }
  }
  const errors = new Map((response.errors ?? []).map((e) => [e.refId, errorText(e)]));
  return refIds.map((refId) => {
    const error = errors.get(refId) ?? (refId in answered ? undefined : 'no answer for this query');
    if (error !== undefined) {
      return { error };
    }
    // A statement answers with a frame even without rows: none at all is a failure on the way
    // (a proxy, a plugin error), never "no data".
    const frame = frames.get(refId);
    return frame ? { rows: frameToRows(frame) } : { error: 'no answer for this query' };
  });
}

/**
 * A sender over Grafana's `/api/ds/query`: each statement becomes a `table`-format raw SQL query
 * (refId `S0`, `S1`, …) to the chosen PostgreSQL data source, so Grafana's permissions and
 * connection settings apply; Grafana's SQL data source runs the queries of one call concurrently.
 * The SQL has no Grafana macros, so the time range only satisfies the API. A `requestId` lets
 * backendSrv cancel this call when a newer one with the same id starts (a superseded refresh);
 * unsubscribing aborts the HTTP request, which cancels the statements on the server.
 */
export function grafanaSender(
  backend: BackendSrv,
  postgres: PostgresRef,
  range: { from: number; to: number }
): SendStatements {
  return (statements, requestId) => {
    // JIT off for each statement: its compile ignores the statement timeout (core/compiler/statement.ts).
    const queries = statements.map((sql, i) => ({
      refId: `S${i}`,
      datasource: postgres,
      rawSql: withJitOff(sql),
      format: 'table',
    }));
    const refIds = queries.map((q) => q.refId);
    return backend
      .fetch<BackendDataSourceResponse>({
        url: '/api/ds/query',
        method: 'POST',
        data: { from: String(range.from), to: String(range.to), queries },
        requestId,
        showErrorAlert: false,
        hideFromInspector: false,
      })
      .pipe(
        map((res: FetchResponse<BackendDataSourceResponse>) => {
          if (isCancelled(res) || !res.data?.results) {
            const outcome = isCancelled(res)
              ? { error: CANCELLED, cancelled: true }
              : { error: 'no answer for this query' };
            return refIds.map(() => outcome);
          }
          return outcomesOf(res.data.results, toDataQueryResponse(res, queries), refIds);
        }),
        catchError((err: unknown) => {
          if (isCancelled(err)) {
            return of(refIds.map(() => ({ error: CANCELLED, cancelled: true })));
          }
          // A failed query comes back as HTTP 400 whose body still has `results[refId]` for every query.
          if (isFetchError(err) && err.data?.results) {
            return of(outcomesOf(err.data.results, toDataQueryResponse({ data: err.data }, queries), refIds));
          }
          const error = isFetchError(err)
            ? (err.data?.message ?? err.message ?? err.statusText ?? `HTTP ${err.status}`)
            : err instanceof Error
              ? err.message
              : String(err);
          return of(refIds.map(() => ({ error })));
        })
      );
  };
}

/** The rows of an outcome, or its error thrown. */
export function rowsOf(outcome: StatementOutcome): Array<Record<string, unknown>> {
  if ('error' in outcome) {
    throw new Error(outcome.error);
  }
  return outcome.rows;
}

/** A SqlRunner that sends each statement on its own (editors, variable queries, Save & test). */
export class GrafanaSqlRunner implements SqlRunner {
  private readonly send: SendStatements;

  constructor(backend: BackendSrv, postgres: PostgresRef, range = { from: Date.now() - 3_600_000, to: Date.now() }) {
    this.send = grafanaSender(backend, postgres, range);
  }

  async query(sql: string): Promise<Array<Record<string, unknown>>> {
    const [outcome] = await lastValueFrom(this.send([sql]));
    return rowsOf(outcome);
  }
}
