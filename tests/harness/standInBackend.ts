/**
 * A backendSrv for jest over the `/api/ds/query` stand-in (dsQuery.ts): what Grafana's backendSrv
 * hands the data source — an Observable of the response, a FetchError carrying the body on a
 * non-2xx answer. `onQuery` sees each query first (tests check the request shape there).
 */
import type { BackendSrv, BackendSrvRequest, FetchResponse } from '@grafana/runtime';
import { Observable } from 'rxjs';
import { answerDsQuery, DsQuery, Queryable } from './dsQuery';

export function standInBackend(
  db: Queryable,
  options: { onRequest?: (o: BackendSrvRequest) => void; onQuery?: (q: DsQuery) => void } = {}
): BackendSrv {
  const fetch = <T>(request: BackendSrvRequest): Observable<FetchResponse<T>> =>
    new Observable((subscriber) => {
      options.onRequest?.(request);
      if (request.url !== '/api/ds/query') {
        subscriber.error({ status: 404, statusText: 'Not Found', data: { message: 'Not found' }, config: request });
        return;
      }
      answerDsQuery(db, request.data, { onQuery: options.onQuery })
        .then(({ status, body }) => {
          const data = body as T;
          if (status !== 200) {
            subscriber.error({ status, statusText: 'Bad Request', data, config: request });
            return;
          }
          subscriber.next({
            data,
            status: 200,
            ok: true,
            statusText: 'OK',
            headers: new Headers(),
            redirected: false,
            type: 'basic',
            url: request.url,
            config: request,
          });
          subscriber.complete();
        })
        .catch((e) => subscriber.error(e));
    });
  return { fetch } as unknown as BackendSrv;
}
