import React from 'react';
import { AppPluginMeta, PluginConfigPageProps } from '@grafana/data';
import { Alert, LinkButton, Stack, Text } from '@grafana/ui';
import { KPI_DATASOURCE_TYPE, PLUGIN_BASE_URL } from '../../constants';
import { kpiSources } from '../sources/sources';
import { testIds } from '../testIds';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<{}>> {}

/** Where Grafana adds a data source of a given plugin type. */
const ADD_DATASOURCE_URL = `/connections/datasources/new?type=${KPI_DATASOURCE_TYPE}`;

/**
 * The app's configuration page. The app itself has no settings: KPIs live in the catalogs of
 * OpenKPI data sources, so this page says what to do next and lists what is configured.
 */
const AppConfig = ({ plugin }: AppConfigProps) => {
  if (!plugin.meta.enabled) {
    return (
      <Alert severity="info" title="Enable the app" data-testid={testIds.appConfig.disabled}>
        Enable OpenKPI above to use the OpenKPI data source and the KPI pages.
      </Alert>
    );
  }
  const sources = kpiSources();
  return (
    <Stack direction="column" gap={2} data-testid={testIds.appConfig.container}>
      <Text element="p">
        KPIs are defined in a catalog kept by an OpenKPI data source, which runs them on a PostgreSQL data source you
        pick. Provision one with <code>openkpi build</code>, or add one here and paste your catalog.
      </Text>
      {sources.length === 0 ? (
        <Alert severity="info" title="No OpenKPI data source yet" data-testid={testIds.appConfig.noSources} />
      ) : (
        <ul data-testid={testIds.appConfig.sources}>
          {sources.map((s) => (
            <li key={s.uid}>
              <a href={`/connections/datasources/edit/${encodeURIComponent(s.uid)}`}>{s.name}</a>{' '}
              {s.loaded.catalog
                ? `— ${s.loaded.catalog.kpis.length} KPIs`
                : `— catalog has ${s.loaded.problems.length} problem(s)`}
            </li>
          ))}
        </ul>
      )}
      <Stack direction="row" gap={1}>
        <LinkButton href={ADD_DATASOURCE_URL} icon="plus" data-testid={testIds.appConfig.addDatasource}>
          Add OpenKPI data source
        </LinkButton>
        <LinkButton href={PLUGIN_BASE_URL} variant="secondary" icon="list-ul">
          Open the KPI catalog
        </LinkButton>
      </Stack>
    </Stack>
  );
};

export default AppConfig;
