/**
 * Grafana's `/api/ds/query` for raw SQL, played by a real PostgreSQL: what the data-source tests
 * and the preview harness both answer with, so there is one stand-in. It follows Grafana's
 * PostgreSQL data source: each query's `rawSql` runs and comes back as one frame
 * (`schema.fields` + columnar `data.values`), numbers as numbers (numeric and int8 included),
 * times as epoch milliseconds; a failing query gets `results[refId].error` and the whole answer
 * is HTTP 400, as Grafana sends it.
 */
import { types } from 'pg';

/** A connection that runs one statement (a pg Client or Pool). */
export interface Queryable {
  query(config: { text: string; types: typeof grafanaTypes }): Promise<unknown>;
}

interface Result {
  command: string;
  fields: Array<{ name: string; dataTypeID: number }>;
  rows: Array<Record<string, unknown>>;
}

/** One query of the request body, as the OpenKPI data source sends it. */
export interface DsQuery {
  refId: string;
  datasource?: { uid?: string; type?: string };
  rawSql?: string;
  format?: string;
}

/** The request body of `POST /api/ds/query`. */
export interface DsQueryBody {
  from?: unknown;
  to?: unknown;
  queries?: DsQuery[];
}

/** The HTTP answer: status and JSON body. */
export interface DsQueryAnswer {
  status: number;
  body: { results: Record<string, unknown> } | { message: string };
}

/** Grafana's frame field type for a PostgreSQL type oid. */
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

/** Parses values as Grafana's PostgreSQL data source returns them. */
export const grafanaTypes = {
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

/**
 * Answers one `/api/ds/query` request body. `onQuery` sees each query before it runs (tests
 * record the SQL and check the request shape there); `accept` limits which data source uids may
 * be queried (others get Grafana's "data source not found").
 */
export async function answerDsQuery(
  db: Queryable,
  body: DsQueryBody,
  options: {
    onQuery?: (q: DsQuery) => void;
    accept?: (uid: string | undefined) => boolean;
    /** Checked before each query: true stops the call (it was cancelled); the answer is then moot. */
    stopped?: () => boolean;
  } = {}
): Promise<DsQueryAnswer> {
  if (!body || !Array.isArray(body.queries) || body.queries.length === 0) {
    return { status: 400, body: { message: 'No queries found in query' } };
  }
  const results: Record<string, unknown> = {};
  let failed = false;
  for (const q of body.queries) {
    if (options.stopped?.()) {
      return { status: 499, body: { message: 'Request was aborted' } };
    }
    options.onQuery?.(q);
    if (options.accept && !options.accept(q.datasource?.uid)) {
      return { status: 404, body: { message: 'Data source not found' } };
    }
    try {
      // Several statements (`SET LOCAL …; SELECT …`) run as one; like Grafana's PostgreSQL data
      // source, the frame holds the rows of the SELECTs and skips the other statements.
      const answer = await db.query({ text: q.rawSql ?? '', types: grafanaTypes });
      const all = (Array.isArray(answer) ? answer : [answer]) as Result[];
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
  return { status: failed ? 400 : 200, body: { results } };
}
