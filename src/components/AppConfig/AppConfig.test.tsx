import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { PluginType } from '@grafana/data';
import AppConfig, { AppConfigProps } from './AppConfig';
import { testIds } from 'components/testIds';
import { INVALID_CATALOG, instance, useSources, VALID_CATALOG } from '../../../tests/support/appInstances';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getDataSourceSrv: jest.fn(),
}));

function renderConfig(enabled: boolean) {
  const props = {
    plugin: { meta: { id: 'openkpi-scorecard-app', name: 'OpenKPI', type: PluginType.app, enabled, jsonData: {} } },
    query: {},
  } as unknown as AppConfigProps;
  return render(<AppConfig {...props} />);
}

describe('App configuration page', () => {
  beforeEach(() => jest.resetAllMocks());

  it('asks to enable the app first', () => {
    useSources([]);
    renderConfig(false);
    expect(screen.getByTestId(testIds.appConfig.disabled)).toHaveTextContent('Enable OpenKPI');
    expect(screen.queryByTestId(testIds.appConfig.addDatasource)).not.toBeInTheDocument();
  });

  it('offers to add an OpenKPI data source when there is none', () => {
    useSources([]);
    renderConfig(true);
    expect(screen.getByTestId(testIds.appConfig.noSources)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Add OpenKPI data source/ })).toHaveAttribute(
      'href',
      '/connections/datasources/new?type=openkpi-kpi-datasource'
    );
  });

  it('lists the configured data sources with their KPI count or catalog problems', () => {
    useSources([instance('a', 'Portal KPIs', VALID_CATALOG), instance('b', 'Broken KPIs', INVALID_CATALOG)]);
    renderConfig(true);
    const items = within(screen.getByTestId(testIds.appConfig.sources)).getAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual([
      expect.stringMatching(/^Portal KPIs — 3 KPIs$/),
      expect.stringMatching(/^Broken KPIs — catalog has \d+ problem\(s\)$/),
    ]);
    expect(screen.getByRole('link', { name: 'Portal KPIs' })).toHaveAttribute(
      'href',
      '/connections/datasources/edit/a'
    );
  });
});
