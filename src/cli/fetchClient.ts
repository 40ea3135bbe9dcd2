import { GrafanaClient, GrafanaRequest, GrafanaResponse, UnreachableError } from '../publish/client';

/** The CLI's Grafana client: Node's fetch with a service-account token (`Authorization: Bearer`). */
export function fetchClient(baseUrl: string, token?: string): GrafanaClient {
  const root = baseUrl.replace(/\/+$/, '');
  return {
    baseUrl: root,
    async request(request: GrafanaRequest): Promise<GrafanaResponse> {
      const headers: Record<string, string> = { Accept: 'application/json', ...(request.headers ?? {}) };
      if (token) {
        headers.Authorization = `Bearer ${token}`;
      }
      if (request.body !== undefined) {
        headers['Content-Type'] = 'application/json';
      }
      let response: Response;
      try {
        response = await fetch(`${root}${request.path}`, {
          method: request.method,
          headers,
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          redirect: 'manual',
          signal: AbortSignal.timeout(30_000),
        });
      } catch (err) {
        throw new UnreachableError(reasonOf(err), { cause: err });
      }
      const text = await response.text();
      let body: unknown = text === '' ? undefined : text;
      try {
        body = text === '' ? undefined : (JSON.parse(text) as unknown);
      } catch {
        // Not JSON (a proxy's HTML page): keep the text for the message.
      }
      return { status: response.status, body };
    },
  };
}

/**
 * fetch rejects with "fetch failed" and the reason (ECONNREFUSED, ENOTFOUND, a certificate, the
 * timeout) in `cause`, possibly an AggregateError of the IPv4 and IPv6 attempts. Duck-typed:
 * errors may come from another realm (jest), where instanceof fails.
 */
function reasonOf(err: unknown): string {
  const e = err as { cause?: unknown; message?: unknown; name?: unknown } | undefined;
  const cause = e?.cause as { code?: unknown; message?: unknown; errors?: unknown[] } | undefined;
  if (cause && Array.isArray(cause.errors) && cause.errors.length > 0) {
    return reasonOf({ cause: cause.errors[0] });
  }
  if (cause && typeof cause.message === 'string' && cause.message !== '') {
    return cause.message;
  }
  if (e?.name === 'TimeoutError') {
    return 'no answer within 30 s';
  }
  return typeof e?.message === 'string' ? e.message : String(err);
}
