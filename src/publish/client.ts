/**
 * The one seam between publishing and HTTP: the CLI implements it with fetch and a
 * service-account token, the app's Publish page with `getBackendSrv` as the signed-in user.
 * Everything above it (planning, applying, error lines) is shared and browser-safe.
 */

export interface GrafanaRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path and query, starting with `/api/`. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface GrafanaResponse {
  status: number;
  /** Parsed JSON, or the text when the body is not JSON, or undefined when empty. */
  body: unknown;
}

export interface GrafanaClient {
  /** Where the client points, for messages (e.g. `https://grafana.example.com`). */
  readonly baseUrl: string;
  /** Resolves with every HTTP status; rejects only when Grafana could not be reached. */
  request(request: GrafanaRequest): Promise<GrafanaResponse>;
}

/** Thrown by a client when the request never got an HTTP answer (DNS, refused, TLS…). */
export class UnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnreachableError';
  }
}
