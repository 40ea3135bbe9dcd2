/**
 * Grafana's backendSrv for the harness, over the browser's fetch: JSON in and out, an Observable
 * from `fetch`, and a non-2xx answer as a FetchError carrying the body (what the data source's
 * runner and the editor's save read), as Grafana's own backend_srv does.
 */
import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { lastValueFrom, Observable } from 'rxjs';

function withParams(url: string, params?: BackendSrvRequest['params']): string {
  if (!params || Object.keys(params).length === 0) {
    return url;
  }
  const search = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  return `${url}${url.includes('?') ? '&' : '?'}${search}`;
}

async function send<T>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
  const res = await fetch(withParams(options.url, options.params), {
    method: options.method ?? 'GET',
    headers: options.data === undefined ? undefined : { 'content-type': 'application/json' },
    body: options.data === undefined ? undefined : JSON.stringify(options.data),
  });
  const text = await res.text();
  let data: unknown = text;
  try {
    data = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  if (!res.ok) {
    const body = (data ?? {}) as { message?: string };
    const error: FetchError = {
      status: res.status,
      statusText: res.statusText,
      data,
      message: body.message,
      config: options,
    };
    throw error;
  }
  return {
    data: data as T,
    status: res.status,
    statusText: res.statusText,
    ok: res.ok,
    headers: res.headers,
    redirected: res.redirected,
    type: res.type,
    url: res.url,
    config: options,
  };
}

export function harnessBackendSrv(): BackendSrv {
  const fetchObservable = <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> =>
    new Observable((subscriber) => {
      send<T>(options).then(
        (r) => {
          subscriber.next(r);
          subscriber.complete();
        },
        (e) => subscriber.error(e)
      );
    });
  const data = async <T>(options: BackendSrvRequest): Promise<T> =>
    (await lastValueFrom(fetchObservable<T>(options))).data;
  return {
    fetch: fetchObservable,
    get: (url, params) => data({ url, params, method: 'GET' }),
    delete: (url, body) => data({ url, data: body, method: 'DELETE' }),
    post: (url, body) => data({ url, data: body, method: 'POST' }),
    patch: (url, body) => data({ url, data: body, method: 'PATCH' }),
    put: (url, body) => data({ url, data: body, method: 'PUT' }),
    request: (options) => data(options),
    datasourceRequest: (options) => lastValueFrom(fetchObservable(options)),
    chunked: () => {
      throw new Error('chunked requests are not part of the harness');
    },
  } as BackendSrv;
}
