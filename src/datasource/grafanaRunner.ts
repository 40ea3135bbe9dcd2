import { DataQueryResponse } from '@grafana/data';
import { BackendSrv, BackendDataSourceResponse, isFetchError, toDataQueryResponse } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import type { SqlRunner } from '../core/evaluation/runner';
import { frameToRows } from './rows';

/** The PostgreSQL data source a KPI data source runs its SQL on. */
export interface PostgresRef {
  uid: string;
  type: string;
}

const REF_ID = 'openkpi';

function errorOf(response: DataQueryResponse): string | undefined {
  const error = response.errors?.[0];
  return error ? (error.message ?? error.data?.message ?? 'query failed') : undefined;
}

/**
 * A SqlRunner over Grafana's `/api/ds/query`: the compiled statement is sent as a `table`-format
 * raw SQL query to the chosen PostgreSQL data source (so Grafana's permissions and connection
 * settings apply), and the returned frame becomes rows. The SQL has no Grafana macros, so the time
 * range in the request only satisfies the API.
 */
export class GrafanaSqlRunner implements SqlRunner {
  constructor(
    private readonly backend: BackendSrv,
    private readonly postgres: PostgresRef,
    private readonly range: { from: number; to: number } = { from: Date.now() - 3_600_000, to: Date.now() }
  ) {}

  async query(sql: string): Promise<Array<Record<string, unknown>>> {
    const queries = [{ refId: REF_ID, datasource: this.postgres, rawSql: sql, format: 'table' }];
    let response: DataQueryResponse;
    try {
      const res = await lastValueFrom(
        this.backend.fetch<BackendDataSourceResponse>({
          url: '/api/ds/query',
          method: 'POST',
          data: { from: String(this.range.from), to: String(this.range.to), queries },
          showErrorAlert: false,
          hideFromInspector: false,
        })
      );
      response = toDataQueryResponse(res, queries);
    } catch (err) {
      // A failed query comes back as HTTP 400 whose body still has `results[refId].error`.
      if (isFetchError(err) && err.data?.results) {
        response = toDataQueryResponse({ data: err.data }, queries);
      } else if (isFetchError(err)) {
        throw new Error(err.data?.message ?? err.message ?? err.statusText ?? `HTTP ${err.status}`);
      } else {
        throw err;
      }
    }
    const error = errorOf(response);
    if (error !== undefined) {
      throw new Error(error);
    }
    const frame = response.data[0];
    return frame ? frameToRows(frame) : [];
  }
}
