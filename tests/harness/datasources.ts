/**
 * Grafana's data source settings API for the harness: `GET/PUT /api/datasources/uid/:uid` and the
 * `datasources` part of `/api/frontend/settings`, with Grafana's rules (pkg/api/datasources.go,
 * the SQL store's UpdateDataSource):
 * - PUT replaces the settings; the stored version becomes the sent version + 1.
 * - A sent version other than 0 must not be older than the stored one, else HTTP 409
 *   "Datasource has already been updated by someone else. Please reload and try again"
 *   (a version of 0 or none overwrites, as provisioning does).
 * - A read-only (provisioned) data source answers 403 "Cannot update read-only data source".
 * - `?accesscontrol=true` adds the signed-in user's permissions on it as `accessControl`.
 */

/** A data source as `GET /api/datasources/uid/:uid` returns it. */
export interface StoredDataSource {
  id: number;
  uid: string;
  orgId: number;
  name: string;
  type: string;
  typeName?: string;
  access: string;
  url: string;
  user: string;
  database: string;
  basicAuth: boolean;
  withCredentials: boolean;
  isDefault: boolean;
  jsonData: Record<string, unknown>;
  secureJsonFields: Record<string, boolean>;
  version: number;
  readOnly: boolean;
}

export interface Answer {
  status: number;
  body: unknown;
}

/** Plugin metadata the frontend settings carry per data source (what DataSourceApi reads). */
export type PluginMeta = Record<string, unknown>;

const CONFLICT = 'Datasource has already been updated by someone else. Please reload and try again';

/** The data sources of one organisation, as Grafana's API shows them to one signed-in user. */
export class DataSourceStore {
  private readonly byUid = new Map<string, StoredDataSource>();

  constructor(
    list: Array<Omit<StoredDataSource, 'id' | 'orgId' | 'version' | 'secureJsonFields'> & { version?: number }>,
    private readonly metas: Record<string, PluginMeta>,
    /** Whether the signed-in user may write data sources (`datasources:write`). */
    private readonly canWrite: () => boolean
  ) {
    list.forEach((ds, i) => this.byUid.set(ds.uid, { id: i + 1, orgId: 1, version: 1, secureJsonFields: {}, ...ds }));
  }

  list(): StoredDataSource[] {
    return [...this.byUid.values()];
  }

  get(uid: string, accessControl: boolean): Answer {
    const ds = this.byUid.get(uid);
    if (!ds) {
      return { status: 404, body: { message: 'Data source not found' } };
    }
    if (!this.canWrite()) {
      // Viewers and editors have no datasources:read in Grafana OSS.
      return { status: 403, body: { message: 'You do not have permission to read this data source' } };
    }
    const write = this.canWrite() && !ds.readOnly;
    return {
      status: 200,
      body: accessControl
        ? {
            ...ds,
            accessControl: { 'datasources:read': true, 'datasources:write': write, 'datasources:delete': write },
          }
        : ds,
    };
  }

  put(uid: string, body: Partial<StoredDataSource> | undefined): Answer {
    const ds = this.byUid.get(uid);
    if (!ds) {
      return { status: 404, body: { message: 'Data source not found' } };
    }
    if (!this.canWrite()) {
      return { status: 403, body: { message: 'You do not have permission to update this data source' } };
    }
    if (ds.readOnly) {
      return { status: 403, body: { message: 'Cannot update read-only data source' } };
    }
    if (!body || typeof body.name !== 'string' || typeof body.type !== 'string') {
      return { status: 400, body: { message: 'bad request data' } };
    }
    const sent = typeof body.version === 'number' ? body.version : 0;
    if (sent !== 0 && ds.version > sent) {
      return { status: 409, body: { message: CONFLICT } };
    }
    const updated: StoredDataSource = {
      ...ds,
      name: body.name,
      type: body.type,
      access: body.access ?? ds.access,
      url: body.url ?? '',
      user: body.user ?? '',
      database: body.database ?? '',
      basicAuth: body.basicAuth ?? false,
      withCredentials: body.withCredentials ?? false,
      isDefault: body.isDefault ?? false,
      jsonData: body.jsonData ?? {},
      version: sent + 1,
    };
    this.byUid.set(uid, updated);
    return { status: 200, body: { message: 'Datasource updated', id: ds.id, name: updated.name, datasource: updated } };
  }

  /** `/api/frontend/settings` `datasources`: what `getDataSourceSrv()` is built from, by name. */
  frontendSettings(): Record<string, unknown> {
    return Object.fromEntries(
      this.list().map((ds) => [
        ds.name,
        {
          id: ds.id,
          uid: ds.uid,
          type: ds.type,
          name: ds.name,
          access: ds.access,
          url: ds.url,
          isDefault: ds.isDefault,
          readOnly: ds.readOnly,
          jsonData: ds.jsonData,
          meta: this.metas[ds.type] ?? { id: ds.type, name: ds.type, type: 'datasource', info: {} },
        },
      ])
    );
  }
}
