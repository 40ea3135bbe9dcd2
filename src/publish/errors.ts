import type { GrafanaRequest, GrafanaResponse } from './client';

/** A publishing failure, phrased as the one line a user reads (CLI stderr, the Publish page). */
export class PublishError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublishError';
  }
}

/** Grafana's error bodies are `{message}` (sometimes with `status`); anything else prints as text. */
export function grafanaMessage(body: unknown): string {
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
    return (body as { message: string }).message;
  }
  return typeof body === 'string' ? body.slice(0, 200).replace(/\s+/g, ' ').trim() : '';
}

/** What a request was doing, for the error line ("write alert rules", "save dashboard …"). */
export interface RequestContext {
  /** e.g. `save dashboard "Service portal: overview"`. */
  action: string;
  /** For a 404 that means a missing folder. */
  folderUid?: string;
  /** What to grant on a 403 (default: the Editor role or write access to the folder). */
  remedy?: string;
}

/**
 * The one line for an HTTP failure. The statuses a user meets each get their cause and remedy;
 * anything else carries Grafana's own message.
 */
export function httpError(request: GrafanaRequest, response: GrafanaResponse, context: RequestContext): PublishError {
  const where = `${request.method} ${request.path.split('?')[0]}`;
  const said = grafanaMessage(response.body);
  const because = said ? `: ${said}` : '';
  // Grafana's dashboard save answers 400 "folder not found" where the provisioning API answers 404.
  const missingFolder =
    context.folderUid && (response.status === 404 || (response.status === 400 && /folder not found/i.test(said)));
  if (missingFolder) {
    return new PublishError(
      `folder ${context.folderUid} not found (${response.status} on ${where}): it was deleted while publishing, or is not visible to these credentials; run openkpi publish again`
    );
  }
  switch (response.status) {
    case 401:
      return new PublishError(
        `Grafana refused the credentials (401 on ${where}): check --token / GRAFANA_TOKEN (a service-account token of this Grafana and organisation)`
      );
    case 403:
      return new PublishError(
        `not allowed to ${context.action} (403 on ${where}${because}): ${context.remedy ?? 'give the service account (or your user) the Editor role, or write access to the folder'}`
      );
    case 404:
      return new PublishError(`not found (404 on ${where}${because}) while trying to ${context.action}`);
    case 409:
    case 412:
      return new PublishError(
        `version conflict (${response.status} on ${where}${because}): someone changed it in Grafana while publishing; run openkpi publish again (or --force to overwrite)`
      );
    default:
      return new PublishError(
        `Grafana answered ${response.status} on ${where}${because} while trying to ${context.action}`
      );
  }
}
