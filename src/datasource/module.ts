import { DataSourcePlugin } from '@grafana/data';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { KpiDataSource } from './datasource';
import { KpiQuery } from '../query/model';
import { KpiDataSourceOptions } from './types';

export const plugin = new DataSourcePlugin<KpiDataSource, KpiQuery, KpiDataSourceOptions>(KpiDataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
