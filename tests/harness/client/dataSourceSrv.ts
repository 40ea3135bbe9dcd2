/**
 * Grafana's dataSourceSrv for the harness: the instance settings come from boot data (and
 * `/api/frontend/settings` on `reload()`, which Grafana calls after a data source is saved), and
 * `get` instantiates the plugin's own DataSourceApi class, cached per uid until the next reload.
 */
import type { DataSourceApi, DataSourceInstanceSettings, DataSourceRef } from '@grafana/data';
import { config, getBackendSrv, type DataSourceSrv, type GetDataSourceListFilters } from '@grafana/runtime';
import { plugin as kpiPlugin } from '../../../src/datasource/module';
import { KPI_DATASOURCE_TYPE } from '../../../src/constants';

type Settings = DataSourceInstanceSettings;

export class HarnessDataSourceSrv implements DataSourceSrv {
  private settings: Settings[];
  private readonly instances = new Map<string, DataSourceApi>();

  constructor() {
    this.settings = Object.values(config.datasources) as Settings[];
  }

  private find(ref?: string | DataSourceRef | null): Settings | undefined {
    const key = typeof ref === 'string' ? ref : ref?.uid;
    return this.settings.find((s) => s.uid === key || s.name === key);
  }

  async get(ref?: string | DataSourceRef | null): Promise<DataSourceApi> {
    const settings = this.find(ref);
    if (!settings) {
      throw new Error(`Datasource ${JSON.stringify(ref)} was not found`);
    }
    const cached = this.instances.get(settings.uid);
    if (cached) {
      return cached;
    }
    if (settings.type !== KPI_DATASOURCE_TYPE || !kpiPlugin.DataSourceClass) {
      throw new Error(`the harness only loads the OpenKPI data source, not ${settings.type}`);
    }
    const instance = new kpiPlugin.DataSourceClass(settings) as DataSourceApi;
    this.instances.set(settings.uid, instance);
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
