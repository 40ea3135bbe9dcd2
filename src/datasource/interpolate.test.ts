import { DataSourceInstanceSettings, PluginType } from '@grafana/data';
import { parse } from 'yaml';
import { KpiDataSource } from './datasource';
import { withDefaults } from '../query/defaults';
import { TEST_CATALOG_YAML } from './fixtures';
import { testTemplateSrv } from './testTemplateSrv';
import { KpiDataSourceOptions } from './types';

// Grafana calls interpolateVariablesInQueries for Explore, mixed panels and the inspector; the
// template service is injected, as grafana-sql's SqlDatasource does.
const templateSrv = testTemplateSrv([
  { name: 'kpi', options: ['success_rate', 'run_count', 'resolution_minutes'], current: ['success_rate', 'run_count'] },
  { name: 'team', options: ['red', "O'Brien", 'back\\slash'], current: ["O'Brien", 'back\\slash'] },
  { name: 'all', options: ['red', 'blue'], current: '$__all' },
  { name: 'dim', options: ['team'], current: 'team' },
]);

function dataSource(): KpiDataSource {
  const settings = {
    id: 2,
    uid: 'openkpi',
    name: 'OpenKPI',
    type: 'openkpi-kpi-datasource',
    access: 'proxy',
    readOnly: false,
    meta: { id: 'openkpi-kpi-datasource', name: 'OpenKPI', type: PluginType.datasource },
    jsonData: { postgresUid: 'pg', catalog: parse(TEST_CATALOG_YAML) },
  } as unknown as DataSourceInstanceSettings<KpiDataSourceOptions>;
  return new KpiDataSource(settings, undefined, templateSrv);
}

describe('interpolateVariablesInQueries', () => {
  it.each(['$kpi', '${kpi}', '${kpi:csv}', '${kpi:regex}', '${kpi:raw}', '${kpi:pipe}', '[[kpi:json]]'])(
    'selects the KPIs of %s, not all of them',
    (entry) => {
      const [q] = dataSource().interpolateVariablesInQueries([withDefaults({ refId: 'A', kpis: [entry] })], {});
      expect(q.kpis).toEqual(['success_rate', 'run_count']);
    }
  );

  it.each(['$team', '${team:csv}', '${team:sqlstring}', '${team:regex}', '${team:singlequote}'])(
    'filters on the values of %s',
    (entry) => {
      const [q] = dataSource().interpolateVariablesInQueries(
        [withDefaults({ refId: 'A', filters: [{ dimension: '${dim:raw}', values: [entry] }] })],
        {}
      );
      expect(q.filters).toEqual([{ dimension: 'team', values: ["O'Brien", 'back\\slash'] }]);
    }
  );

  it('drops a filter set to All and uses scoped values of repeated panels', () => {
    const ds = dataSource();
    const [all] = ds.interpolateVariablesInQueries(
      [withDefaults({ refId: 'A', filters: [{ dimension: 'team', values: ['${all:csv}'] }] })],
      {}
    );
    expect(all.filters).toEqual([]);
    const [scoped] = ds.interpolateVariablesInQueries(
      [withDefaults({ refId: 'A', filters: [{ dimension: 'team', values: ['${team:csv}'] }] })],
      { team: { text: 'red', value: 'red' } }
    );
    expect(scoped.filters).toEqual([{ dimension: 'team', values: ['red'] }]);
  });

  it('has no applyTemplateVariables, which Grafana never calls on a frontend data source', () => {
    expect('applyTemplateVariables' in dataSource()).toBe(false);
  });
});
