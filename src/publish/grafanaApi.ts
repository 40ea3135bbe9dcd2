import { GrafanaClient, GrafanaRequest, GrafanaResponse, UnreachableError } from './client';
import { httpError, PublishError, RequestContext } from './errors';

/**
 * The Grafana HTTP API calls publishing makes, with the shapes of Grafana's HTTP API reference
 * (folders, dashboards by uid, search, data sources, alerting provisioning). Each returns the
 * parsed body, `undefined` for a 404 where absence is an answer, or throws a one-line PublishError.
 */

export interface Health {
  version: string;
  database?: string;
  commit?: string;
}

export interface Folder {
  uid: string;
  title: string;
  parentUid?: string;
  version?: number;
}

export interface DashboardWithMeta {
  dashboard: Record<string, unknown> & { uid: string; title: string; version?: number; tags?: string[] };
  meta: { folderUid?: string; version?: number; provisioned?: boolean };
}

export interface SearchHit {
  uid: string;
  title: string;
  type: string;
  tags: string[];
  folderUid?: string;
}

export interface DataSource {
  uid: string;
  name: string;
  type: string;
  jsonData?: Record<string, unknown>;
}

export interface RuleGroup {
  title: string;
  folderUid: string;
  /** Seconds. */
  interval: number;
  rules: Array<Record<string, unknown>>;
}

export interface ContactPoint {
  uid?: string;
  name: string;
  type: string;
  settings: Record<string, unknown>;
  disableResolveMessage?: boolean;
}

/** Grafana gives the alerting provisioning API to Admins (fixed role "Alerting provisioning writer"). */
const PROVISIONING_REMEDY =
  'give the service account (or your user) the Admin role, or the fixed role "Alerting provisioning writer"';

export class GrafanaApi {
  /** Every request made, in order (the CLI's --verbose and the tests read it). */
  readonly calls: Array<{ method: string; path: string; status: number }> = [];

  constructor(readonly client: GrafanaClient) {}

  private async send(
    request: GrafanaRequest,
    context: RequestContext,
    absentOn404 = false
  ): Promise<GrafanaResponse | undefined> {
    let response: GrafanaResponse;
    try {
      response = await this.client.request(request);
    } catch (err) {
      if (err instanceof UnreachableError) {
        throw new PublishError(
          `cannot reach Grafana at ${this.client.baseUrl} (${err.message}): check --grafana / GRAFANA_URL`
        );
      }
      throw err;
    }
    this.calls.push({ method: request.method, path: request.path, status: response.status });
    if (response.status === 404 && absentOn404) {
      return undefined;
    }
    if (response.status < 200 || response.status > 299) {
      throw httpError(request, response, context);
    }
    return response;
  }

  private async json<T>(request: GrafanaRequest, context: RequestContext, absentOn404 = false): Promise<T | undefined> {
    const response = await this.send(request, context, absentOn404);
    return response === undefined ? undefined : (response.body as T);
  }

  /** `GET /api/health`: no credentials needed, so a wrong URL is told apart from a wrong token. */
  async health(): Promise<Health> {
    const request: GrafanaRequest = { method: 'GET', path: '/api/health' };
    let response: GrafanaResponse;
    try {
      response = await this.client.request(request);
    } catch (err) {
      if (err instanceof UnreachableError) {
        throw new PublishError(
          `cannot reach Grafana at ${this.client.baseUrl} (${err.message}): check --grafana / GRAFANA_URL`
        );
      }
      throw err;
    }
    this.calls.push({ method: 'GET', path: request.path, status: response.status });
    const body = response.body as Partial<Health> | undefined;
    if (response.status !== 200 || !body || typeof body !== 'object' || typeof body.version !== 'string') {
      throw new PublishError(
        `${this.client.baseUrl} does not answer like Grafana (GET /api/health: ${response.status}): check --grafana / GRAFANA_URL (Grafana's root URL, with its sub-path if it has one)`
      );
    }
    return body as Health;
  }

  getFolder(uid: string): Promise<Folder | undefined> {
    return this.json<Folder>(
      { method: 'GET', path: `/api/folders/${encodeURIComponent(uid)}` },
      { action: 'read folders' },
      true
    );
  }

  async createFolder(folder: { uid: string; title: string; parentUid?: string }): Promise<Folder> {
    return (await this.json<Folder>(
      { method: 'POST', path: '/api/folders', body: folder },
      { action: `create folder "${folder.title}"`, folderUid: folder.parentUid }
    ))!;
  }

  async updateFolder(uid: string, update: { title: string; version?: number }): Promise<Folder> {
    return (await this.json<Folder>(
      {
        method: 'PUT',
        path: `/api/folders/${encodeURIComponent(uid)}`,
        body: { ...update, overwrite: update.version === undefined },
      },
      { action: `rename folder ${uid}` }
    ))!;
  }

  getDashboard(uid: string): Promise<DashboardWithMeta | undefined> {
    return this.json<DashboardWithMeta>(
      { method: 'GET', path: `/api/dashboards/uid/${encodeURIComponent(uid)}` },
      { action: 'read dashboards' },
      true
    );
  }

  /** `POST /api/dashboards/db`: `overwrite: false`, so Grafana checks `version` (412 on a mismatch). */
  async saveDashboard(
    dashboard: Record<string, unknown> & { title: string },
    folderUid: string,
    overwrite: boolean
  ): Promise<{ uid: string; version: number }> {
    return (await this.json<{ uid: string; version: number }>(
      {
        method: 'POST',
        path: '/api/dashboards/db',
        body: { dashboard, folderUid, overwrite, message: 'openkpi publish' },
      },
      { action: `save dashboard "${dashboard.title}"`, folderUid }
    ))!;
  }

  async deleteDashboard(uid: string, title: string): Promise<void> {
    await this.send(
      { method: 'DELETE', path: `/api/dashboards/uid/${encodeURIComponent(uid)}` },
      { action: `delete dashboard "${title}"` }
    );
  }

  async searchByTag(tag: string): Promise<SearchHit[]> {
    return (await this.json<SearchHit[]>(
      { method: 'GET', path: `/api/search?type=dash-db&tag=${encodeURIComponent(tag)}&limit=5000` },
      { action: 'search dashboards' }
    ))!;
  }

  async dataSources(): Promise<DataSource[]> {
    return (await this.json<DataSource[]>(
      { method: 'GET', path: '/api/datasources' },
      { action: 'list data sources (needs datasources:read)' }
    ))!;
  }

  getRuleGroup(folderUid: string, group: string): Promise<RuleGroup | undefined> {
    return this.json<RuleGroup>(
      { method: 'GET', path: ruleGroupPath(folderUid, group) },
      { action: 'read alert rules (needs alert.provisioning:read)', remedy: PROVISIONING_REMEDY },
      true
    );
  }

  /**
   * `PUT …/rule-groups/:group` replaces the group: rules left out are deleted. No
   * `X-Disable-Provenance`: the rules are marked as provisioned and read-only in the UI, because the
   * catalog is where they are edited (a UI edit would be lost on the next publish).
   */
  async putRuleGroup(group: RuleGroup): Promise<RuleGroup> {
    return (await this.json<RuleGroup>(
      { method: 'PUT', path: ruleGroupPath(group.folderUid, group.title), body: group },
      {
        action: `write the alert rules of folder ${group.folderUid} (needs alert.provisioning:write)`,
        folderUid: group.folderUid,
      }
    ))!;
  }

  async deleteRuleGroup(folderUid: string, group: string): Promise<void> {
    await this.send(
      { method: 'DELETE', path: ruleGroupPath(folderUid, group) },
      { action: 'delete alert rules', folderUid }
    );
  }

  async contactPoints(): Promise<ContactPoint[]> {
    return (await this.json<ContactPoint[]>(
      { method: 'GET', path: '/api/v1/provisioning/contact-points' },
      { action: 'read contact points (needs alert.provisioning:read)', remedy: PROVISIONING_REMEDY }
    ))!;
  }

  async createContactPoint(point: ContactPoint): Promise<ContactPoint> {
    return (await this.json<ContactPoint>(
      { method: 'POST', path: '/api/v1/provisioning/contact-points', body: point },
      { action: `create contact point "${point.name}"`, remedy: PROVISIONING_REMEDY }
    ))!;
  }
}

function ruleGroupPath(folderUid: string, group: string): string {
  return `/api/v1/provisioning/folder/${encodeURIComponent(folderUid)}/rule-groups/${encodeURIComponent(group)}`;
}
