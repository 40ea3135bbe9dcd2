import { parse } from 'yaml';
import { getBackendSrv, getDataSourceSrv, isFetchError } from '@grafana/runtime';

/** A data source as `GET /api/datasources/uid/:uid?accesscontrol=true` returns it (the fields saving needs). */
export interface StoredSettings {
  uid: string;
  name: string;
  type: string;
  version: number;
  readOnly: boolean;
  jsonData: Record<string, unknown>;
  accessControl?: Record<string, boolean>;
  [key: string]: unknown;
}

const url = (uid: string) => `/api/datasources/uid/${encodeURIComponent(uid)}`;

/** The stored settings, with the signed-in user's permissions on this data source. */
export async function loadSettings(uid: string): Promise<StoredSettings> {
  return getBackendSrv().get<StoredSettings>(url(uid), { accesscontrol: true });
}

/** Whether the signed-in user may save into this data source (not provisioned, datasources:write on it). */
export function maySave(settings: StoredSettings): boolean {
  return !settings.readOnly && settings.accessControl?.['datasources:write'] !== false;
}

export type SaveOutcome =
  { ok: true; settings: StoredSettings } | { ok: false; conflict: boolean; status?: number; message: string };

/**
 * Saves the catalog text into the data source (`jsonData.catalogText`, what runs; `catalog` as the
 * object for tools that read it) with Grafana's data source API as the signed-in user. The version
 * the editor loaded goes along, so Grafana answers 409 when someone saved in between: a conflict,
 * never a silent overwrite. After a save, Grafana's data source list is reloaded.
 */
export async function saveCatalog(settings: StoredSettings, text: string): Promise<SaveOutcome> {
  const { accessControl: _ignored, ...rest } = settings;
  const body = { ...rest, jsonData: { ...settings.jsonData, catalogText: text, catalog: parse(text) } };
  try {
    const answer = await getBackendSrv().put<{ datasource?: StoredSettings }>(url(settings.uid), body, {
      showErrorAlert: false,
    });
    const saved = answer?.datasource
      ? { ...answer.datasource, accessControl: settings.accessControl }
      : { ...settings, jsonData: body.jsonData, version: settings.version + 1 };
    await Promise.resolve(getDataSourceSrv().reload());
    return { ok: true, settings: saved };
  } catch (e) {
    if (isFetchError(e)) {
      const message = (e.data as { message?: string } | undefined)?.message ?? e.statusText ?? `HTTP ${e.status}`;
      return { ok: false, conflict: e.status === 409, status: e.status, message };
    }
    return { ok: false, conflict: false, message: e instanceof Error ? e.message : String(e) };
  }
}

/** What is kept of an edit in progress, per data source, until it is saved or discarded. */
export interface StoredDraft {
  text: string;
  kpiId?: string;
  savedAt: number;
}

const draftKey = (uid: string) => `openkpi.editor.draft.${uid}`;

export function readStoredDraft(uid: string): StoredDraft | undefined {
  try {
    const raw = window.localStorage.getItem(draftKey(uid));
    return raw ? (JSON.parse(raw) as StoredDraft) : undefined;
  } catch {
    return undefined;
  }
}

export function storeDraft(uid: string, draft: StoredDraft): void {
  try {
    window.localStorage.setItem(draftKey(uid), JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the edit still lives in the page.
  }
}

export function clearStoredDraft(uid: string): void {
  try {
    window.localStorage.removeItem(draftKey(uid));
  } catch {
    // As above.
  }
}
