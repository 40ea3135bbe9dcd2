import {
  CoreApp,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataSourceInstanceSettings,
  LegacyMetricFindQueryOptions,
  LoadingState,
  MetricFindValue,
  ScopedVars,
  TestDataSourceResponse,
} from '@grafana/data';
import { getBackendSrv, getTemplateSrv } from '@grafana/runtime';
import { messageOf, SqlRunner } from '../core/evaluation/runner';
import { LoadedCatalog, loadCatalogFrom, requireCatalog } from './catalog';
import { DEFAULT_QUERY } from './defaults';
import { GrafanaSqlRunner, PostgresRef } from './grafanaRunner';
import { checkHealth } from './health';
import { metricFind } from './metricFind';
import { migrateQuery } from './migrate';
import { ALL } from './variables';
import { resolveQuery } from './resolve';
import { QueryOutcome, runQuery } from './runQuery';
import { KpiDataSourceOptions, KpiQuery, POSTGRES_TYPES } from './types';

/**
 * The OpenKPI data source: a frontend data source that compiles KPI queries with the core and runs
 * them through the chosen Grafana PostgreSQL data source. Everything of substance lives in pure
 * modules; this class only wires Grafana's services to them.
 */
export class KpiDataSource extends DataSourceApi<KpiQuery, KpiDataSourceOptions> {
  private readonly loaded: LoadedCatalog;
  private readonly postgres?: PostgresRef;

  constructor(instanceSettings: DataSourceInstanceSettings<KpiDataSourceOptions>) {
    super(instanceSettings);
    const jsonData = instanceSettings.jsonData ?? {};
    this.loaded = loadCatalogFrom(jsonData);
    if (jsonData.postgresUid) {
      this.postgres = { uid: jsonData.postgresUid, type: jsonData.postgresType ?? POSTGRES_TYPES[0] };
    }
  }

  /** The catalog when valid, else the problems (for the editors). */
  getCatalog(): LoadedCatalog {
    return this.loaded;
  }

  getDefaultQuery(_app: CoreApp): Partial<KpiQuery> {
    return DEFAULT_QUERY;
  }

  filterQuery(query: KpiQuery): boolean {
    return !query.hide;
  }

  /** The query with every template variable expanded into plain values ("All" = no constraint). */
  applyTemplateVariables(query: KpiQuery, scopedVars: ScopedVars): KpiQuery {
    const q = migrateQuery(query as unknown as Record<string, unknown>);
    const r = resolveQuery(q, getTemplateSrv(), scopedVars);
    const list = (v: string[] | typeof ALL) => (v === ALL ? [] : v);
    const kpis = r.selector.kpis === ALL ? (this.loaded.catalog?.kpis.map((k) => k.id) ?? []) : r.selector.kpis;
    const interpolated = {
      ...q,
      kpis,
      areas: list(r.selector.areas),
      owners: list(r.selector.owners),
      tags: list(r.selector.tags),
      filters: r.filters,
    };
    return q.queryType === 'breakdown' ? { ...interpolated, queryType: 'breakdown', by: r.by ?? '' } : interpolated;
  }

  async query(request: DataQueryRequest<KpiQuery>): Promise<DataQueryResponse> {
    const ctx = {
      from: request.range.from.toDate(),
      to: request.range.to.toDate(),
      intervalMs: request.intervalMs,
      dsUid: this.uid,
    };
    const runner = this.runner(ctx.from.getTime(), ctx.to.getTime());
    const targets = request.targets
      .filter((t) => !t.hide)
      .map((t) => migrateQuery(t as unknown as Record<string, unknown>));
    const outcomes = await Promise.all(
      targets.map(async (target): Promise<QueryOutcome> => {
        try {
          const catalog = requireCatalog(this.loaded);
          const resolved = resolveQuery(target, getTemplateSrv(), request.scopedVars);
          return await runQuery(catalog, resolved, ctx, runner);
        } catch (e) {
          return { frames: [], errors: [{ refId: target.refId, message: messageOf(e) }] };
        }
      })
    );
    const errors = outcomes.flatMap((o) => o.errors);
    return {
      data: outcomes.flatMap((o) => o.frames),
      errors: errors.length > 0 ? errors : undefined,
      state: errors.length > 0 ? LoadingState.Error : LoadingState.Done,
    };
  }

  /** Template-variable values: `areas()`, `owners()`, `tags()`, `kpis()`, `dimensions()`, `values(dim)`. */
  async metricFindQuery(
    query: string | { query?: string },
    options?: LegacyMetricFindQueryOptions
  ): Promise<MetricFindValue[]> {
    const text = typeof query === 'string' ? query : (query?.query ?? '');
    const interpolated = getTemplateSrv().replace(text, options?.scopedVars);
    const to = options?.range?.to.valueOf() ?? Date.now();
    const from = options?.range?.from.valueOf() ?? to - 3_600_000;
    return metricFind(requireCatalog(this.loaded), interpolated, this.runner(from, to));
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    const now = Date.now();
    return checkHealth(this.postgres?.uid, this.loaded, this.runner(now - 3_600_000, now));
  }

  /** The SqlRunner for a time range; without a PostgreSQL data source every query fails clearly. */
  private runner(from: number, to: number): SqlRunner {
    if (!this.postgres) {
      return {
        query: () => Promise.reject(new Error('no PostgreSQL data source is configured for this OpenKPI data source')),
      };
    }
    return new GrafanaSqlRunner(getBackendSrv(), this.postgres, { from, to });
  }
}
