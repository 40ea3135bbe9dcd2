import { parse } from 'yaml';
import type { Catalog } from '../core/catalog/model';
import { CATALOG_LABEL } from '../generators/alertRules';
import { catalogTags } from '../generators/dashboards/overview';
import { KPI_DATASOURCE_TYPE, POSTGRES_TYPE } from '../generators/datasources';
import type { ContactPoints } from '../generators/routing';
import { uids } from '../generators/uid';
import { DesiredCatalog, DesiredDashboard, desiredCatalog } from './desired';
import { PublishError } from './errors';
import { ContactPoint, DataSource, GrafanaApi, RuleGroup } from './grafanaApi';
import { contentHash, summarizeDashboardDiff, summarizeRuleDiff } from './compare';

/** The oldest Grafana the plugin and the generated objects work with (plugin.json grafanaDependency). */
export const MIN_GRAFANA = '12.0.0';
/** Nested folders are generally available from Grafana 11. */
const NESTED_FOLDERS_SINCE = [11, 0];
const POSTGRES_TYPES = [POSTGRES_TYPE, 'postgres'];

export type PlanAction = 'create' | 'update' | 'delete' | 'unchanged' | 'conflict' | 'orphan';
export type PlanKind = 'folder' | 'dashboard' | 'alert rules' | 'contact point';

export interface PlanItem {
  kind: PlanKind;
  action: PlanAction;
  uid: string;
  title: string;
  /** A short diff: what changes, or why it is a conflict. */
  diff: string[];
  /** Performs the change (create/update/delete only). */
  apply?: () => Promise<void>;
}

export interface Plan {
  grafanaVersion: string;
  items: PlanItem[];
}

/** A contact point to create when it does not exist (`--create-contact-point NAME=email:ADDRESS`). */
export interface NewContactPoint {
  name: string;
  type: 'email' | 'webhook';
  address: string;
}

export interface PublishOptions {
  /** Contact points per severity from flags (win over the catalogs'). */
  contactPoints?: ContactPoints;
  createContactPoints?: NewContactPoint[];
  /** Overwrite dashboards edited in Grafana since the last publish. */
  force?: boolean;
  /** Delete OpenKPI dashboards of the catalog that it no longer generates. */
  prune?: boolean;
  /** Grafana's public URL for absolute links (the CLI passes --grafana). */
  grafanaUrl?: string;
}

/** `[major, minor, patch]` of `12.0.2`, `12.1.0-pre`, `11.6.0+security-01`. */
export function versionParts(version: string): number[] {
  return (/^(\d+)\.(\d+)\.(\d+)/.exec(version) ?? ['', '0', '0', '0']).slice(1).map(Number);
}

export function atLeast(version: string, min: number[]): boolean {
  const v = versionParts(version);
  for (let i = 0; i < min.length; i++) {
    if ((v[i] ?? 0) !== min[i]) {
      return (v[i] ?? 0) > min[i];
    }
  }
  return true;
}

/** The catalog name a KPI data source carries (`catalogText` as typed in its editor wins, as it does at query time). */
function catalogNameOf(ds: DataSource): string | undefined {
  const json = ds.jsonData ?? {};
  try {
    const doc = typeof json.catalogText === 'string' ? (parse(json.catalogText) as unknown) : json.catalog;
    const name = doc && typeof doc === 'object' ? (doc as { name?: unknown }).name : undefined;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The KPI data source holding this catalog and the PostgreSQL data source it runs on, or the line saying how to add them. */
export function findTargets(
  catalog: Catalog,
  sources: DataSource[]
): { kpiDatasourceUid: string; postgresUid: string } {
  const candidates = sources.filter((d) => d.type === KPI_DATASOURCE_TYPE && catalogNameOf(d) === catalog.name);
  // The uid file provisioning gives it first, then the oldest (stable order).
  const kpi =
    candidates.find((d) => d.uid === uids.kpiDatasource(catalog.name)) ??
    [...candidates].sort((a, b) => a.uid.localeCompare(b.uid))[0];
  if (!kpi) {
    throw new PublishError(
      `no OpenKPI data source holds catalog ${catalog.name} in this Grafana: add one (Connections > Data sources > Add > "OpenKPI KPI"), choose its PostgreSQL data source and paste the catalog, then publish again`
    );
  }
  const pgUid = kpi.jsonData?.postgresUid;
  const pg = sources.find((d) => d.uid === pgUid);
  if (typeof pgUid !== 'string' || !pg || !POSTGRES_TYPES.includes(pg.type)) {
    throw new PublishError(
      `the OpenKPI data source "${kpi.name}" runs on PostgreSQL data source ${typeof pgUid === 'string' ? `"${pgUid}"` : '(none chosen)'}, which ${pg ? `is a ${pg.type}, not PostgreSQL` : 'does not exist'} in this Grafana: add a PostgreSQL data source (Connections > Data sources > Add > PostgreSQL, a read-only role) and choose it in "${kpi.name}"`
    );
  }
  return { kpiDatasourceUid: kpi.uid, postgresUid: pg.uid };
}

/** The stored dashboard without what Grafana adds on save (`id`, `version`) and OpenKPI's own marker. */
export function publishedContent(dashboard: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, version: _version, openkpi: _marker, ...rest } = dashboard;
  return rest;
}

/** The marker a published dashboard carries: which catalog, and the hash of the content as published. */
export interface PublishMarker {
  catalog: string;
  hash: string;
}

function markerOf(dashboard: Record<string, unknown>): PublishMarker | undefined {
  const m = dashboard.openkpi as Partial<PublishMarker> | undefined;
  return m && typeof m.hash === 'string' && typeof m.catalog === 'string' ? (m as PublishMarker) : undefined;
}

async function planFolders(api: GrafanaApi, desired: DesiredCatalog): Promise<PlanItem[]> {
  const items: PlanItem[] = [];
  for (const folder of desired.folders) {
    const current = await api.getFolder(folder.uid);
    if (!current) {
      items.push({
        kind: 'folder',
        action: 'create',
        uid: folder.uid,
        title: folder.title,
        diff: folder.parentUid ? [`inside ${desired.folders[0].title}`] : [],
        apply: async () => {
          await api.createFolder(folder);
        },
      });
    } else if (current.title !== folder.title) {
      items.push({
        kind: 'folder',
        action: 'update',
        uid: folder.uid,
        title: folder.title,
        diff: [`title "${current.title}" → "${folder.title}"`],
        apply: async () => {
          await api.updateFolder(folder.uid, { title: folder.title, version: current.version });
        },
      });
    } else {
      items.push({ kind: 'folder', action: 'unchanged', uid: folder.uid, title: folder.title, diff: [] });
    }
  }
  return items;
}

async function planDashboard(
  api: GrafanaApi,
  catalog: Catalog,
  want: DesiredDashboard,
  force: boolean
): Promise<PlanItem> {
  const hash = contentHash(want.dashboard);
  const base = { kind: 'dashboard' as const, uid: want.uid, title: want.title };
  const current = await api.getDashboard(want.uid);
  const save = (version: number | undefined, id: unknown) => async () => {
    const body = {
      ...want.dashboard,
      id: id ?? null,
      ...(version !== undefined ? { version } : {}),
      openkpi: { catalog: catalog.name, hash },
    };
    await api.saveDashboard(body, want.folderUid, false);
  };
  if (!current) {
    return { ...base, action: 'create', diff: [], apply: save(undefined, undefined) };
  }
  const stored = current.dashboard;
  const content = publishedContent(stored);
  const marker = markerOf(stored);
  const owned = (stored.tags ?? []).includes(catalogTags(catalog)[1]);
  const edited = !marker || marker.hash !== contentHash(content);
  const moved = (current.meta.folderUid ?? '') !== want.folderUid;
  const version = current.meta.version ?? (stored.version as number | undefined);
  if (!edited && marker!.hash === hash && !moved) {
    return { ...base, action: 'unchanged', diff: [] };
  }
  const diff = [
    ...(moved ? [`move to folder ${want.folderUid}`] : []),
    ...summarizeDashboardDiff(content, want.dashboard),
  ];
  if (!owned || edited) {
    const why = !owned
      ? `exists in Grafana and is not OpenKPI's (no tag ${catalogTags(catalog)[1]})`
      : `edited in Grafana since the last publish`;
    if (!force) {
      return { ...base, action: 'conflict', diff: [why, ...diff] };
    }
    // --force: overwrite whatever is there (Grafana still checks the version we read).
    return {
      ...base,
      action: 'update',
      diff: [`${why}; --force overwrites it`, ...diff],
      apply: save(version, stored.id),
    };
  }
  return { ...base, action: 'update', diff, apply: save(version, stored.id) };
}

/** Dashboards tagged as this catalog's that it no longer generates (an area that left the catalog…). */
async function planOrphans(
  api: GrafanaApi,
  catalog: Catalog,
  desired: DesiredCatalog,
  prune: boolean
): Promise<PlanItem[]> {
  const wanted = new Set(desired.dashboards.map((d) => d.uid));
  const hits = await api.searchByTag(catalogTags(catalog)[1]);
  return hits
    .filter((h) => h.type === 'dash-db' && !wanted.has(h.uid))
    .map((h) => ({
      kind: 'dashboard' as const,
      action: prune ? ('delete' as const) : ('orphan' as const),
      uid: h.uid,
      title: h.title,
      diff: [
        prune ? 'no longer generated from the catalog' : 'no longer generated from the catalog; --prune deletes it',
      ],
      apply: prune ? () => api.deleteDashboard(h.uid, h.title) : undefined,
    }));
}

async function planRuleGroup(
  api: GrafanaApi,
  catalog: Catalog,
  desired: DesiredCatalog,
  force: boolean
): Promise<PlanItem[]> {
  const want = desired.ruleGroup;
  const folderUid = desired.folders[0].uid;
  if (!want) {
    return [];
  }
  // Read even when the folder is new: a token that may not use the provisioning API fails here,
  // before anything is written, rather than halfway through applying.
  const current = await api.getRuleGroup(folderUid, want.title);
  const base = {
    kind: 'alert rules' as const,
    uid: `${folderUid}/${want.title}`,
    title: `${desired.folders[0].title} / ${want.title}`,
  };
  const put = async () => {
    await api.putRuleGroup(want);
  };
  if (!current) {
    return [{ ...base, action: 'create', diff: want.rules.map((r) => `+ ${String(r.title)}`), apply: put }];
  }
  const foreign = current.rules.filter(
    (r) => (r.labels as Record<string, string> | undefined)?.[CATALOG_LABEL] !== catalog.name
  );
  if (foreign.length > 0 && !force) {
    return [
      {
        ...base,
        action: 'conflict',
        diff: [
          `the group holds rules that are not OpenKPI's for ${catalog.name}: ${foreign.map((r) => String(r.title)).join(', ')}; publishing would delete them (--force)`,
        ],
      },
    ];
  }
  const diff = summarizeRuleDiff(current, want);
  if (diff.length === 0 && foreign.length === 0) {
    return [{ ...base, action: 'unchanged', diff: [] }];
  }
  return [{ ...base, action: 'update', diff, apply: put }];
}

async function planContactPoints(
  api: GrafanaApi,
  desired: DesiredCatalog[],
  options: PublishOptions
): Promise<PlanItem[]> {
  const receivers = [...new Set(desired.flatMap((d) => d.receivers))];
  const create = options.createContactPoints ?? [];
  if (receivers.length === 0 && create.length === 0) {
    return [];
  }
  for (const c of create) {
    if (c.address.trim() === '') {
      throw new PublishError(
        `contact point "${c.name}": empty ${c.type === 'email' ? 'address' : 'URL'}; Grafana would accept it and never deliver`
      );
    }
  }
  const existing: ContactPoint[] = await api.contactPoints();
  const names = new Set(existing.map((c) => c.name));
  const items: PlanItem[] = [];
  for (const c of create) {
    if (names.has(c.name)) {
      items.push({
        kind: 'contact point',
        action: 'unchanged',
        uid: c.name,
        title: c.name,
        diff: ['exists; OpenKPI leaves it as it is'],
      });
      continue;
    }
    const point: ContactPoint = {
      name: c.name,
      type: c.type,
      settings: c.type === 'email' ? { addresses: c.address } : { url: c.address, httpMethod: 'POST' },
      disableResolveMessage: false,
    };
    items.push({
      kind: 'contact point',
      action: 'create',
      uid: c.name,
      title: c.name,
      diff: [`${c.type} ${c.address}`],
      apply: async () => {
        await api.createContactPoint(point);
      },
    });
    names.add(c.name);
  }
  const missing = receivers.filter((r) => !names.has(r));
  if (missing.length > 0) {
    throw new PublishError(
      `contact point ${missing.map((m) => `"${m}"`).join(', ')} does not exist in this Grafana: create it (Alerting > Contact points), or pass --create-contact-point "${missing[0]}=email:ADDRESS"`
    );
  }
  return items;
}

/**
 * What publishing would do, read-only: it checks the Grafana (version, credentials, data sources,
 * contact points) and compares every object OpenKPI would write with what is there. Nothing is
 * written until `applyPlan`.
 */
export async function planPublish(api: GrafanaApi, catalogs: Catalog[], options: PublishOptions = {}): Promise<Plan> {
  const health = await api.health();
  if (!atLeast(health.version, versionParts(MIN_GRAFANA))) {
    throw new PublishError(
      `Grafana ${health.version} is too old: OpenKPI needs Grafana ${MIN_GRAFANA} or newer (the plugin, the dashboards' schema and per-rule notification settings)`
    );
  }
  const sources = await api.dataSources();
  const nestedFolders = atLeast(health.version, NESTED_FOLDERS_SINCE);
  const desired = catalogs.map((catalog) =>
    desiredCatalog(catalog, findTargets(catalog, sources), {
      nestedFolders,
      contactPoints: options.contactPoints,
      grafanaUrl: options.grafanaUrl,
    })
  );
  const items: PlanItem[] = [...(await planContactPoints(api, desired, options))];
  for (const d of desired) {
    items.push(...(await planFolders(api, d)));
    for (const dashboard of d.dashboards) {
      items.push(await planDashboard(api, d.catalog, dashboard, options.force === true));
    }
    items.push(...(await planOrphans(api, d.catalog, d, options.prune === true)));
    items.push(...(await planRuleGroup(api, d.catalog, d, options.force === true)));
  }
  return { grafanaVersion: health.version, items };
}

/** The items that change something. */
export function changes(plan: Plan): PlanItem[] {
  return plan.items.filter((i) => i.action === 'create' || i.action === 'update' || i.action === 'delete');
}

/**
 * Applies a plan in its order (contact points, folders parents first, dashboards, rules). A plan
 * with conflicts applies nothing: the line names them and how to go on.
 */
export async function applyPlan(plan: Plan): Promise<PlanItem[]> {
  const conflicts = plan.items.filter((i) => i.action === 'conflict');
  if (conflicts.length > 0) {
    throw new PublishError(
      `${conflicts.length} conflict${conflicts.length > 1 ? 's' : ''}, nothing written: ${conflicts.map((c) => `${c.kind} "${c.title}" (${c.diff[0]})`).join('; ')}; --force overwrites`
    );
  }
  const done: PlanItem[] = [];
  for (const item of changes(plan)) {
    await item.apply!();
    done.push(item);
  }
  return done;
}

export type { RuleGroup };
