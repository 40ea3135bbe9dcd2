import {
  CoreApp,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataSourceInstanceSettings,
  LegacyMetricFindQueryOptions,
  MetricFindValue,
  ScopedVars,
  TestDataSourceResponse,
} from '@grafana/data';
import { getBackendSrv, getTemplateSrv, TemplateSrv } from '@grafana/runtime';
import { Observable, of } from 'rxjs';
import type { SqlRunner } from '../core/evaluation/runner';
import { answerBatch } from './answerBatch';
import { LoadedCatalog, loadCatalogFrom, requireCatalog } from './catalog';
import { DEFAULT_QUERY } from '../query/defaults';
import { grafanaSender, GrafanaSqlRunner, PostgresRef, SendStatements } from './grafanaRunner';
import { checkHealth } from './health';
import { metricFind } from './metricFind';
import { migrateQuery } from '../query/migrate';
import { ALL, expandText } from './variables';
import { DEFAULT_WINDOW, RefreshWindow } from './refreshWindow';
import { resolveQuery } from './resolve';
import { KpiQuery } from '../query/model';
import { KpiDataSourceOptions, POSTGRES_TYPES, readsRollups } from './types';

const NO_POSTGRES = 'no PostgreSQL data source is configured for this OpenKPI data source';

type Range = { from: number; to: number };

/**
 * The OpenKPI data source: a frontend data source that compiles KPI queries with the core and runs
 * them through the chosen Grafana PostgreSQL data source. Everything of substance lives in pure
 * modules; this class only wires Grafana's services to them.
 */
export class KpiDataSource extends DataSourceApi<KpiQuery, KpiDataSourceOptions> {
  private readonly loaded: LoadedCatalog;
  private readonly postgres?: PostgresRef;
  private readonly window: RefreshWindow<DataQueryRequest<KpiQuery>, DataQueryResponse>;

  // The template service is injected as grafana-sql's SqlDatasource does: tests pass a stand-in.
  constructor(
    instanceSettings: DataSourceInstanceSettings<KpiDataSourceOptions>,
    windowOptions = DEFAULT_WINDOW,
    private readonly templateSrv: TemplateSrv = getTemplateSrv()
  ) {
    super(instanceSettings);
    const jsonData = instanceSettings.jsonData ?? {};
    this.loaded = loadCatalogFrom(jsonData);
    if (jsonData.postgresUid) {
      this.postgres = { uid: jsonData.postgresUid, type: jsonData.postgresType ?? POSTGRES_TYPES[0] };
    }
    const context = {
      loaded: this.loaded,
      dsUid: this.uid,
      sender: (range: Range) => this.sender(range),
      rollups: readsRollups(jsonData),
    };
    this.window = new RefreshWindow(
      (requests) => answerBatch(requests, { ...context, templateSrv: this.templateSrv }),
      windowOptions
    );
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

  /**
   * The queries with every template variable expanded into plain values ("All" = no constraint):
   * what Grafana shows for "Open in Explore", in a mixed data source and in the query inspector.
   */
  interpolateVariablesInQueries(queries: KpiQuery[], scopedVars: ScopedVars): KpiQuery[] {
    return queries.map((query) => {
      const q = migrateQuery(query as unknown as Record<string, unknown>);
      const r = resolveQuery(q, this.templateSrv, scopedVars);
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
    });
  }

  /**
   * Panels of one refresh are answered together (see answerBatch): Grafana calls this once per
   * panel, the window collects the calls that arrive close together. Unsubscribing cancels.
   */
  query(request: DataQueryRequest<KpiQuery>): Observable<DataQueryResponse> {
    return this.window.observe(request);
  }

  /** Template-variable values: `areas()`, `owners()`, `tags()`, `kpis()`, `dimensions()`, `values(dim)`. */
  async metricFindQuery(
    query: string | { query?: string },
    options?: LegacyMetricFindQueryOptions
  ): Promise<MetricFindValue[]> {
    const text = typeof query === 'string' ? query : (query?.query ?? '');
    const interpolated = expandText(text, this.templateSrv, options?.scopedVars);
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
      return { query: () => Promise.reject(new Error(NO_POSTGRES)) };
    }
    return new GrafanaSqlRunner(getBackendSrv(), this.postgres, { from, to });
  }

  /** Where a refresh's statements go; without a PostgreSQL data source each fails clearly. */
  private sender(range: Range): SendStatements {
    if (!this.postgres) {
      return (statements) => of(statements.map(() => ({ error: NO_POSTGRES })));
    }
    return grafanaSender(getBackendSrv(), this.postgres, range);
  }
}
