import { lastValueFrom } from 'rxjs';
import { config, getBackendSrv } from '@grafana/runtime';
import { GrafanaClient, GrafanaRequest, GrafanaResponse, UnreachableError } from '../publish/client';

/** An HTTP failure as `getBackendSrv().fetch` rejects with it (`FetchError`). */
interface FetchFailure {
  status?: number;
  data?: unknown;
  statusText?: string;
}

/**
 * The Publish page's Grafana client: `getBackendSrv().fetch` as the signed-in user (session
 * cookie), so Grafana's own permissions decide what may be published. Error toasts are off: the
 * page shows the one line.
 */
export function backendSrvClient(): GrafanaClient {
  return {
    baseUrl: config.appUrl?.replace(/\/+$/, '') || window.location.origin,
    async request(request: GrafanaRequest): Promise<GrafanaResponse> {
      try {
        const response = await lastValueFrom(
          getBackendSrv().fetch<unknown>({
            url: request.path,
            method: request.method,
            data: request.body,
            headers: request.headers,
            showErrorAlert: false,
            showSuccessAlert: false,
          })
        );
        return { status: response.status, body: response.data };
      } catch (err) {
        const failure = err as FetchFailure;
        if (typeof failure?.status === 'number' && failure.status > 0) {
          return { status: failure.status, body: failure.data };
        }
        throw new UnreachableError(failure?.statusText || 'no answer', { cause: err });
      }
    },
  };
}
