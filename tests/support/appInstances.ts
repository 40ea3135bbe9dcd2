import { parse } from 'yaml';
import type { DataQueryRequest, DataQueryResponse, DataSourceInstanceSettings } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { TEST_CATALOG_YAML } from '../../src/datasource/fixtures';
import type { KpiQuery } from '../../src/query/model';
import type { KpiDataSourceOptions } from '../../src/datasource/types';

/** A data source instance as Grafana's boot data holds it, with `catalog` as jsonData. */
export function instance(
  uid: string,
  name: string,
  catalog: unknown
): DataSourceInstanceSettings<KpiDataSourceOptions> {
  return {
    uid,
    name,
    type: 'openkpi-kpi-datasource',
    jsonData: { catalog, postgresUid: 'pg' },
  } as DataSourceInstanceSettings<KpiDataSourceOptions>;
}

/** The data source fixtures' catalog as the object jsonData holds. */
export const VALID_CATALOG = parse(TEST_CATALOG_YAML);

/** A catalog with two problems: an unknown source and a KPI without a window. */
export const INVALID_CATALOG = {
  apiVersion: 'openkpi/v1',
  name: 'broken',
  kpis: [{ id: 'orphan', name: 'Orphan', source: 'nowhere', measure: { aggregate: 'count' } }],
};

type Query = (request: DataQueryRequest<KpiQuery>) => Promise<DataQueryResponse>;

/**
 * Points the mocked `getDataSourceSrv` at these instances; `get` returns a data source whose
 * `query` is the given function (the pages only call `query`).
 */
export function useSources(list: Array<DataSourceInstanceSettings<KpiDataSourceOptions>>, query?: Query) {
  const get = jest.fn(async (uid: string) => ({ uid, query }));
  (getDataSourceSrv as jest.Mock).mockReturnValue({
    getList: jest.fn((filters?: { type?: string }) => list.filter((ds) => !filters?.type || ds.type === filters.type)),
    get,
  });
  return { get };
}

/** Opt in to React Router v7 behaviour in test routers, which also silences its warnings. */
export const ROUTER_FUTURE = { v7_startTransition: true, v7_relativeSplatPath: true };
