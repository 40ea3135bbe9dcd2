import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { AppRootProps, PluginType } from '@grafana/data';
import { render, screen } from '@testing-library/react';
import { getDataSourceSrv } from '@grafana/runtime';
import { testIds } from '../testIds';
import { ROUTER_FUTURE } from '../../../tests/support/appInstances';
import App from './App';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getDataSourceSrv: jest.fn(),
  hasPermission: () => false,
}));

// Pages are lazy loaded: their first import compiles the page's modules, slow on two busy cores.
const LAZY_PAGE_MS = 20_000;
jest.setTimeout(60_000);

describe('Components/App', () => {
  let props: AppRootProps;

  // The pages are lazy: load their modules once up front (slow on a busy machine), so each test
  // measures the route, not the module transform.
  beforeAll(async () => {
    await Promise.all([
      import('../../pages/Scorecard'),
      import('../../pages/Catalog'),
      import('../../pages/Kpi'),
      import('../../pages/Editor'),
      import('../../pages/Objectives'),
    ]);
  }, 180_000);

  beforeEach(() => {
    jest.resetAllMocks();
    (getDataSourceSrv as jest.Mock).mockReturnValue({ getList: () => [], get: jest.fn() });

    props = {
      basename: 'a/openkpi-scorecard-app',
      meta: {
        id: 'openkpi-scorecard-app',
        name: 'OpenKPI',
        type: PluginType.app,
        enabled: true,
        jsonData: {},
      },
      query: {},
      path: '',
      onNavChanged: jest.fn(),
    } as unknown as AppRootProps;
  });

  function renderAt(url: string) {
    return render(
      <MemoryRouter initialEntries={[url]} future={ROUTER_FUTURE}>
        <App {...props} />
      </MemoryRouter>
    );
  }

  test('renders the scorecard by default and for an unknown path', async () => {
    renderAt('/');
    // Pages are lazy loaded, so wait for the route to render.
    expect(await screen.findByTestId(testIds.scorecard.container, {}, { timeout: LAZY_PAGE_MS })).toBeInTheDocument();
  });

  test('renders the catalog for catalog', async () => {
    renderAt('/catalog');
    expect(await screen.findByTestId(testIds.catalog.container, {}, { timeout: LAZY_PAGE_MS })).toBeInTheDocument();
  });

  test('renders the KPI editor for editor (refused without datasources:write) and the objectives page', async () => {
    const { unmount } = renderAt('/editor?ds=x');
    expect(await screen.findByTestId(testIds.editor.denied, {}, { timeout: LAZY_PAGE_MS })).toBeInTheDocument();
    unmount();
    renderAt('/objectives');
    expect(await screen.findByTestId(testIds.objectives.container, {}, { timeout: LAZY_PAGE_MS })).toBeInTheDocument();
  });

  test('renders the KPI page for kpi/:id', async () => {
    renderAt('/kpi/some_kpi');
    expect(await screen.findByTestId(testIds.kpi.unknown, {}, { timeout: LAZY_PAGE_MS })).toHaveTextContent(
      '"some_kpi"'
    );
  });
});
