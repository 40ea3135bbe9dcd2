/**
 * A stand-in for the parts of Grafana's HTTP API that `openkpi publish` and the Publish page use,
 * following Grafana's HTTP API reference and handlers (request and response shapes, status codes,
 * error bodies `{message}`):
 *
 * - `GET /api/health` (no auth): `{commit, database, version}`.
 * - Folders (`/api/folders`): GET by uid → folder or 404 `folder not found`; POST `{uid, title,
 *   parentUid}` → 200 folder, 409 when the uid exists, 404 when the parent does not; PUT `{title,
 *   version, overwrite}` → 200, 412 on a version mismatch.
 * - Dashboards: `GET /api/dashboards/uid/:uid` → `{dashboard, meta}` or 404 `Dashboard not found`;
 *   `POST /api/dashboards/db` `{dashboard, folderUid, overwrite, message}` → 200 `{id, uid, url,
 *   status: "success", version, slug}`, 412 `{status: "version-mismatch"}` / `name-exists`, 400
 *   `folder not found`; `DELETE /api/dashboards/uid/:uid` → 200 `{title, message, id}`; the stored
 *   JSON is what was sent plus `id`, `uid`, `version`. `GET /api/search?type=dash-db&tag=…`.
 * - `GET /api/datasources` → array of `{id, uid, orgId, name, type, jsonData, …}`.
 * - Alerting provisioning (Admin by default: `alert.provisioning:*`): rule groups GET → 200
 *   `{title, folderUid, interval, rules}` or 404 `rule group does not exist`; PUT replaces the
 *   group, 200 with the group as sent, 404 when the folder does not exist, 400 on a rule without
 *   uid/title/condition/data, a title over 190 characters or a missing receiver; rules come back
 *   with `id`, `orgID`, `updated`, `provenance: "api"` (`""` with `X-Disable-Provenance`).
 *   Contact points GET → array, POST → 202, 400 on an empty address. Policies GET/PUT exist.
 * - Credentials: `Authorization: Bearer <token>`; unknown token 401 `Invalid API key`, none 401
 *   `Unauthorized`; a Viewer may read but not write (403), an Editor may not use alerting
 *   provisioning (403).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GrafanaClient, GrafanaRequest, GrafanaResponse } from '../../src/publish/client';

export type Role = 'Viewer' | 'Editor' | 'Admin';

interface StoredDashboard {
  dashboard: Record<string, unknown>;
  folderUid: string;
  version: number;
  id: number;
}

interface StoredFolder {
  id: number;
  uid: string;
  title: string;
  parentUid?: string;
  version: number;
}

export interface StandInCall {
  method: string;
  path: string;
  status: number;
  body?: unknown;
  headers: Record<string, string>;
}

export interface StandInOptions {
  version?: string;
  tokens?: Record<string, Role>;
  datasources?: Array<{ uid: string; name: string; type: string; jsonData?: Record<string, unknown> }>;
  contactPoints?: Array<{ uid?: string; name: string; type: string; settings: Record<string, unknown> }>;
}

const WRITE = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

export class GrafanaStandIn {
  version: string;
  tokens: Record<string, Role>;
  readonly folders = new Map<string, StoredFolder>();
  readonly dashboards = new Map<string, StoredDashboard>();
  readonly ruleGroups = new Map<
    string,
    { title: string; folderUid: string; interval: number; rules: Array<Record<string, unknown>> }
  >();
  datasources: NonNullable<StandInOptions['datasources']>;
  contactPoints: NonNullable<StandInOptions['contactPoints']>;
  policyTree: unknown = { receiver: 'grafana-default-email', group_by: ['grafana_folder', 'alertname'] };
  readonly calls: StandInCall[] = [];
  private nextId = 1;

  constructor(options: StandInOptions = {}) {
    this.version = options.version ?? '12.0.2';
    this.tokens = options.tokens ?? { 'admin-token': 'Admin' };
    this.datasources = options.datasources ?? [];
    this.contactPoints = options.contactPoints ?? [
      { uid: 'default', name: 'grafana-default-email', type: 'email', settings: { addresses: '<example@email.com>' } },
    ];
  }

  /** The calls that changed something. */
  writes(): StandInCall[] {
    return this.calls.filter((c) => WRITE.has(c.method));
  }

  /** Handles one request the way Grafana does. */
  handle(request: GrafanaRequest & { headers?: Record<string, string> }): GrafanaResponse {
    const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const response = this.route(request.method, request.path, request.body, headers);
    this.calls.push({
      method: request.method,
      path: request.path,
      status: response.status,
      body: request.body,
      headers,
    });
    // What goes over the wire is JSON: callers must not share objects with the stand-in's state.
    return {
      status: response.status,
      body: response.body === undefined ? undefined : JSON.parse(JSON.stringify(response.body)),
    };
  }

  private route(method: string, fullPath: string, body: unknown, headers: Record<string, string>): GrafanaResponse {
    const url = new URL(fullPath, 'http://grafana.invalid');
    const path = url.pathname;
    if (method === 'GET' && path === '/api/health') {
      return ok({ commit: 'standin', database: 'ok', version: this.version });
    }
    const auth = headers.authorization;
    const role = auth === undefined ? 'Admin' : this.tokens[auth.replace(/^Bearer /, '')];
    if (auth !== undefined && role === undefined) {
      return status(401, { message: 'Invalid API key' });
    }
    if (auth === undefined && !this.allowAnonymous) {
      return status(401, { message: 'Unauthorized' });
    }
    const provisioning = path.startsWith('/api/v1/provisioning/');
    if (provisioning && role !== 'Admin') {
      return forbidden(method === 'GET' ? 'alert.provisioning:read' : 'alert.provisioning:write');
    }
    if (WRITE.has(method) && role === 'Viewer') {
      return forbidden(path.startsWith('/api/folders') ? 'folders:create' : 'dashboards:write');
    }
    return this.dispatch(method, path, url.searchParams, body, headers);
  }

  /** Set by the Publish page tests: the browser's session cookie stands in for a token. */
  allowAnonymous = false;

  private dispatch(
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
    headers: Record<string, string>
  ): GrafanaResponse {
    let m: RegExpExecArray | null;
    if ((m = /^\/api\/folders\/([^/]+)$/.exec(path))) {
      const uid = decodeURIComponent(m[1]);
      const folder = this.folders.get(uid);
      if (method === 'GET') {
        return folder ? ok(this.folderJson(folder)) : status(404, { message: 'folder not found', status: 'not-found' });
      }
      if (method === 'PUT') {
        if (!folder) {
          return status(404, { message: 'folder not found', status: 'not-found' });
        }
        const b = body as { title?: string; version?: number; overwrite?: boolean };
        if (!b.overwrite && b.version !== folder.version) {
          return status(412, { message: 'The folder has been changed by someone else', status: 'version-mismatch' });
        }
        folder.title = b.title ?? folder.title;
        folder.version += 1;
        return ok(this.folderJson(folder));
      }
    }
    if (path === '/api/folders' && method === 'POST') {
      const b = body as { uid?: string; title?: string; parentUid?: string };
      if (!b.title) {
        return status(400, { message: 'folder title cannot be empty' });
      }
      if (b.uid && this.folders.has(b.uid)) {
        return status(409, { message: 'a folder with the same uid already exists' });
      }
      if (b.parentUid && !this.folders.has(b.parentUid)) {
        return status(404, { message: 'folder not found', status: 'not-found' });
      }
      const folder: StoredFolder = {
        id: this.nextId++,
        uid: b.uid ?? `f${this.nextId}`,
        title: b.title,
        parentUid: b.parentUid,
        version: 1,
      };
      this.folders.set(folder.uid, folder);
      return ok(this.folderJson(folder));
    }
    if ((m = /^\/api\/dashboards\/uid\/([^/]+)$/.exec(path))) {
      const uid = decodeURIComponent(m[1]);
      const stored = this.dashboards.get(uid);
      if (!stored) {
        return status(404, { message: 'Dashboard not found' });
      }
      if (method === 'GET') {
        const folder = this.folders.get(stored.folderUid);
        return ok({
          dashboard: stored.dashboard,
          meta: {
            type: 'db',
            canSave: true,
            slug: slug(String(stored.dashboard.title)),
            url: `/d/${uid}/${slug(String(stored.dashboard.title))}`,
            version: stored.version,
            folderUid: stored.folderUid,
            folderTitle: folder?.title ?? 'Dashboards',
            provisioned: false,
          },
        });
      }
      if (method === 'DELETE') {
        this.dashboards.delete(uid);
        return ok({
          title: stored.dashboard.title,
          message: `Dashboard ${String(stored.dashboard.title)} deleted`,
          id: stored.id,
        });
      }
    }
    if (path === '/api/dashboards/db' && method === 'POST') {
      return this.saveDashboard(
        body as { dashboard: Record<string, unknown>; folderUid?: string; overwrite?: boolean }
      );
    }
    if (path === '/api/search' && method === 'GET') {
      const tags = query.getAll('tag');
      const hits = [...this.dashboards.entries()]
        .filter(([, d]) => tags.every((t) => ((d.dashboard.tags as string[] | undefined) ?? []).includes(t)))
        .map(([uid, d]) => ({
          id: d.id,
          uid,
          title: d.dashboard.title,
          uri: `db/${slug(String(d.dashboard.title))}`,
          url: `/d/${uid}/${slug(String(d.dashboard.title))}`,
          type: 'dash-db',
          tags: d.dashboard.tags ?? [],
          isStarred: false,
          folderUid: d.folderUid,
          folderTitle: this.folders.get(d.folderUid)?.title,
        }));
      return ok(query.get('type') === 'dash-folder' ? [] : hits);
    }
    if (path === '/api/datasources' && method === 'GET') {
      return ok(
        this.datasources.map((d, i) => ({
          id: i + 1,
          orgId: 1,
          access: 'proxy',
          isDefault: false,
          readOnly: false,
          ...d,
        }))
      );
    }
    if ((m = /^\/api\/v1\/provisioning\/folder\/([^/]+)\/rule-groups\/([^/]+)$/.exec(path))) {
      return this.ruleGroup(method, decodeURIComponent(m[1]), decodeURIComponent(m[2]), body, headers);
    }
    if (path === '/api/v1/provisioning/contact-points') {
      if (method === 'GET') {
        return ok(this.contactPoints.map((c) => ({ disableResolveMessage: false, provenance: '', ...c })));
      }
      if (method === 'POST') {
        const c = body as { uid?: string; name: string; type: string; settings: Record<string, unknown> };
        const address = c.type === 'email' ? c.settings?.addresses : c.settings?.url;
        if (typeof address !== 'string' || address.trim() === '') {
          return status(400, {
            message: `failed to validate integration "${c.name}" (UID ${c.uid ?? ''}) of type "${c.type}": could not find addresses in settings`,
          });
        }
        const stored = { ...c, uid: c.uid ?? `cp${this.nextId++}` };
        this.contactPoints.push(stored);
        return status(202, { ...stored, disableResolveMessage: false });
      }
    }
    if (path === '/api/v1/provisioning/policies') {
      if (method === 'GET') {
        return ok(this.policyTree);
      }
      if (method === 'PUT') {
        this.policyTree = body;
        return status(202, { message: 'policies updated' });
      }
    }
    return status(404, { message: 'Not found' });
  }

  private folderJson(f: StoredFolder): Record<string, unknown> {
    return {
      id: f.id,
      uid: f.uid,
      orgId: 1,
      title: f.title,
      url: `/dashboards/f/${f.uid}/${slug(f.title)}`,
      hasAcl: false,
      canSave: true,
      canEdit: true,
      canAdmin: true,
      canDelete: true,
      version: f.version,
      ...(f.parentUid ? { parentUid: f.parentUid } : {}),
    };
  }

  private saveDashboard(b: {
    dashboard: Record<string, unknown>;
    folderUid?: string;
    overwrite?: boolean;
  }): GrafanaResponse {
    const d = b.dashboard;
    if (!d || typeof d.title !== 'string' || d.title.trim() === '') {
      return status(400, { message: 'Dashboard title cannot be empty', status: 'empty-name' });
    }
    const folderUid = b.folderUid ?? '';
    if (folderUid !== '' && !this.folders.has(folderUid)) {
      return status(400, { message: 'folder not found', status: 'not-found' });
    }
    const uid = typeof d.uid === 'string' && d.uid !== '' ? d.uid : `d${this.nextId}`;
    const existing = this.dashboards.get(uid);
    if (existing && !b.overwrite && d.version !== existing.version) {
      return status(412, { message: 'The dashboard has been changed by someone else', status: 'version-mismatch' });
    }
    const clash = [...this.dashboards.entries()].find(
      ([u, x]) => u !== uid && x.folderUid === folderUid && x.dashboard.title === d.title
    );
    if (clash && !b.overwrite) {
      return status(412, {
        message: 'A dashboard with the same name in the folder already exists',
        status: 'name-exists',
      });
    }
    const version = existing ? existing.version + 1 : 1;
    const id = existing?.id ?? this.nextId++;
    this.dashboards.set(uid, { dashboard: { ...d, id, uid, version }, folderUid, version, id });
    return ok({ id, uid, url: `/d/${uid}/${slug(d.title)}`, status: 'success', version, slug: slug(d.title) });
  }

  private ruleGroup(
    method: string,
    folderUid: string,
    group: string,
    body: unknown,
    headers: Record<string, string>
  ): GrafanaResponse {
    const key = `${folderUid}/${group}`;
    if (method === 'GET') {
      const g = this.ruleGroups.get(key);
      return g ? ok(g) : status(404, { message: 'rule group does not exist' });
    }
    if (method === 'DELETE') {
      if (!this.ruleGroups.delete(key)) {
        return status(404, { message: 'rule group does not exist' });
      }
      return { status: 204, body: undefined };
    }
    if (method !== 'PUT') {
      return status(404, { message: 'Not found' });
    }
    if (!this.folders.has(folderUid)) {
      return status(404, { message: 'folder does not exist' });
    }
    const g = body as { interval?: number; rules?: Array<Record<string, unknown>> };
    const receivers = new Set(this.contactPoints.map((c) => c.name));
    for (const r of g.rules ?? []) {
      if (!r.uid || !r.title || !r.condition || !Array.isArray(r.data) || r.data.length === 0) {
        return status(400, { message: 'invalid alert rule: uid, title, condition and data are required' });
      }
      if (String(r.title).length > 190) {
        return status(400, { message: `invalid alert rule: name length should not be greater than 190` });
      }
      const settings = r.notification_settings as { receiver?: string } | undefined;
      if (settings && !receivers.has(String(settings.receiver))) {
        return status(400, { message: `invalid alert rule: receiver '${settings.receiver}' does not exist` });
      }
    }
    const provenance = 'x-disable-provenance' in headers ? '' : 'api';
    const rules = (g.rules ?? []).map((r) => ({
      ...r,
      id: this.nextId++,
      orgID: 1,
      folderUID: folderUid,
      ruleGroup: group,
      updated: '2026-01-01T00:00:00Z',
      provenance,
    }));
    this.ruleGroups.set(key, { title: group, folderUid, interval: g.interval ?? 60, rules });
    return ok({ ...g, title: group, folderUid });
  }

  /** Serves the stand-in over HTTP on a free loopback port (for the CLI's fetch client). */
  async listen(): Promise<{ url: string; close: () => Promise<void> }> {
    const server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => {
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        const out = this.handle({
          method: req.method as GrafanaRequest['method'],
          path: req.url ?? '/',
          body: raw === '' ? undefined : JSON.parse(raw),
          headers,
        });
        res.writeHead(out.status, { 'Content-Type': 'application/json' });
        res.end(out.body === undefined ? '' : JSON.stringify(out.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  /** The stand-in as a GrafanaClient, without HTTP (for planning tests). */
  client(token = 'admin-token'): GrafanaClient {
    return {
      baseUrl: 'http://grafana.test',
      request: async (r) => this.handle({ ...r, headers: { ...(r.headers ?? {}), Authorization: `Bearer ${token}` } }),
    };
  }
}

function ok(body: unknown): GrafanaResponse {
  return { status: 200, body };
}

function status(code: number, body: unknown): GrafanaResponse {
  return { status: code, body };
}

function forbidden(action: string): GrafanaResponse {
  return status(403, {
    message: `You'll need additional permissions to perform this action. Permissions needed: ${action}`,
    accessErrorId: 'ACE0000000001',
  });
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
