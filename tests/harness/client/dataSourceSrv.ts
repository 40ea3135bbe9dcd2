/**
 * Grafana's dataSourceSrv for the harness: the instance settings come from boot data (and
 * `/api/frontend/settings` on `reload()`, which Grafana calls after a data source is saved), and
 * `get` instantiates the plugin's own DataSourceApi class, cached per uid until the next reload.
 * The plugin comes from `loadPlugin`: the source's module (esbuild host) or the built module.js
 * at the settings' `meta.module` (production host), as Grafana's DatasourceSrv.loadDatasource.
 */
import type {
  DataSourceApi,
  DataSourceInstanceSettings,
  DataSourcePlugin,
  DataSourcePluginMeta,
  DataSourceRef,
} from '@grafana/data';
import { config, getBackendSrv, type DataSourceSrv, type GetDataSourceListFilters } from '@grafana/runtime';
import { KPI_DATASOURCE_TYPE } from '../../../src/constants';

type Settings = DataSourceInstanceSettings;

/** Loads a data source plugin's module by its metadata (`meta.module`). */
export type DataSourcePluginLoader = (meta: DataSourcePluginMeta) => Promise<DataSourcePlugin<DataSourceApi>>;

export class HarnessDataSourceSrv implements DataSourceSrv {
  private settings: Settings[];
  private readonly instances = new Map<string, Promise<DataSourceApi>>();

  constructor(private readonly loadPlugin: DataSourcePluginLoader) {
    this.settings = Object.values(config.datasources) as Settings[];
  }

  private find(ref?: string | DataSourceRef | null): Settings | undefined {
    const key = typeof ref === 'string' ? ref : ref?.uid;
    return this.settings.find((s) => s.uid === key || s.name === key);
  }

  get(ref?: string | DataSourceRef | null): Promise<DataSourceApi> {
    const settings = this.find(ref);
    if (!settings) {
      return Promise.reject(new Error(`Datasource ${JSON.stringify(ref)} was not found`));
    }
    let instance = this.instances.get(settings.uid);
    if (!instance) {
      instance = this.instantiate(settings);
      this.instances.set(settings.uid, instance);
      // A module that failed to load is tried again on the next call, as Grafana does.
      instance.catch(() => this.instances.delete(settings.uid));
    }
    return instance;
  }

  private async instantiate(settings: Settings): Promise<DataSourceApi> {
    if (settings.type !== KPI_DATASOURCE_TYPE) {
      throw new Error(`the harness only loads the OpenKPI data source, not ${settings.type}`);
    }
    const plugin = await this.loadPlugin(settings.meta);
    if (!plugin.DataSourceClass) {
      throw new Error(`${settings.meta.module} has no data source class`);
    }
    const instance = new plugin.DataSourceClass(settings) as DataSourceApi;
    instance.components = plugin.components;
    return instance;
  }

  getList(filters: GetDataSourceListFilters = {}): Settings[] {
    const types = filters.type === undefined ? undefined : [filters.type].flat();
    return this.settings
      .filter((s) => !types || types.includes(s.type))
      .filter((s) => !filters.pluginId || s.type === filters.pluginId)
      .filter((s) => !filters.filter || filters.filter(s))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  getInstanceSettings(ref?: string | DataSourceRef | null): Settings | undefined {
    return this.find(ref);
  }

  async reload(): Promise<void> {
    const { datasources } = await getBackendSrv().get<{ datasources: Record<string, Settings> }>(
      '/api/frontend/settings'
    );
    this.settings = Object.values(datasources);
    this.instances.clear();
  }

  registerRuntimeDataSource(): void {
    throw new Error('runtime data sources are not part of the harness');
  }
}
