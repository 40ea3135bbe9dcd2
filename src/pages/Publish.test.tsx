import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { of, throwError } from 'rxjs';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { getBackendSrv } from '@grafana/runtime';
import { GrafanaStandIn } from '../../tests/support/grafanaStandIn';
import { uids } from '../generators/uid';
import type { AppRootProps } from '@grafana/data';
import App from '../components/App/App';
import Publish from './Publish';
import { publishTestIds as ids } from './publishTestIds';
import { instance, ROUTER_FUTURE, useSources, VALID_CATALOG } from '../../tests/support/appInstances';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getDataSourceSrv: jest.fn(),
  getBackendSrv: jest.fn(),
}));

const KPI_DS = {
  uid: 'kpi-uid',
  name: 'Portal KPIs',
  type: 'openkpi-kpi-datasource',
  jsonData: { catalog: VALID_CATALOG, postgresUid: 'pg' },
};
const PG_DS = { uid: 'pg', name: 'PostgreSQL', type: 'grafana-postgresql-datasource', jsonData: {} };

/**
 * `getBackendSrv().fetch` over the stand-in, as Grafana's BackendSrv behaves: an observable of
 * `{status, data}` for 2xx, an error `{status, data, statusText}` otherwise. The signed-in
 * user's session stands in for a token.
 */
function serve(grafana: GrafanaStandIn) {
  grafana.allowAnonymous = true;
  const fetch = jest.fn(
    (options: {
      url: string;
      method: 'GET' | 'POST' | 'PUT' | 'DELETE';
      data?: unknown;
      headers?: Record<string, string>;
    }) => {
      const response = grafana.handle({
        method: options.method,
        path: options.url,
        body: options.data,
        headers: options.headers,
      });
      return response.status >= 200 && response.status < 300
        ? of({ status: response.status, data: response.body, ok: true })
        : throwError(() => ({ status: response.status, data: response.body, statusText: 'error' }));
    }
  );
  (getBackendSrv as jest.Mock).mockReturnValue({ fetch });
  return fetch;
}

function renderPage() {
  return render(
    <MemoryRouter future={ROUTER_FUTURE}>
      <Publish />
    </MemoryRouter>
  );
}

async function showPlan() {
  fireEvent.click(screen.getByRole('button', { name: 'Show plan' }));
  return waitFor(() => expect(screen.queryByText('Comparing with Grafana…')).not.toBeInTheDocument());
}

describe('Publish page', () => {
  let grafana: GrafanaStandIn;
  beforeEach(() => {
    jest.resetAllMocks();
    useSources([instance('kpi-uid', 'Portal KPIs', VALID_CATALOG)]);
    grafana = new GrafanaStandIn({ datasources: [KPI_DS, PG_DS] });
  });

  it('shows the plan, asks, then publishes as the signed-in user; a second plan writes nothing', async () => {
    const fetch = serve(grafana);
    renderPage();
    await showPlan();
    const summary = await screen.findByTestId(ids.summary);
    // Folder, two area folders, overview, two area dashboards, detail, the rule group.
    expect(summary).toHaveTextContent('plan: 8 create, 0 update, 0 delete, 0 unchanged');
    const rows = screen.getAllByTestId(ids.item).map((r) =>
      within(r)
        .getAllByRole('cell')
        .slice(0, 3)
        .map((c) => c.textContent)
    );
    expect(rows[0]).toEqual(['create', 'folder', 'OpenKPI: Test portal']);
    expect(grafana.writes()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Publish 8 changes' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('8 objects will be created, updated or deleted.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Publish' }));
    expect(await screen.findByTestId(ids.done)).toHaveTextContent('8 changes written.');
    expect(grafana.writes()).toHaveLength(8);
    expect(grafana.dashboards.has(uids.overview('test-portal'))).toBe(true);
    // Every call went through backendSrv without error toasts, and none touched the policy tree.
    expect(
      fetch.mock.calls.every(([o]) => (o as unknown as { showErrorAlert: boolean }).showErrorAlert === false)
    ).toBe(true);
    expect(grafana.calls.filter((c) => c.path.includes('policies'))).toEqual([]);

    await showPlan();
    expect(await screen.findByText('Grafana matches the catalogs: nothing to write.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Publish \d+ changes$/ })).not.toBeInTheDocument();
    expect(grafana.writes()).toHaveLength(8);
  });

  it('shows a dashboard edited since the last publish as a conflict until force is ticked', async () => {
    serve(grafana);
    renderPage();
    await showPlan();
    fireEvent.click(await screen.findByRole('button', { name: 'Publish 8 changes' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Publish' }));
    await screen.findByTestId(ids.done);
    const stored = grafana.dashboards.get(uids.overview('test-portal'))!;
    grafana.handle({
      method: 'POST',
      path: '/api/dashboards/db',
      body: { dashboard: { ...stored.dashboard, title: 'Mine now' }, folderUid: stored.folderUid },
    });

    await showPlan();
    expect(await screen.findByText(/1 object was edited in Grafana since the last publish/)).toBeInTheDocument();
    const conflict = screen.getAllByTestId(ids.item).find((r) => r.textContent?.startsWith('conflict'))!;
    expect(conflict).toHaveTextContent('edited in Grafana since the last publish');
    expect(screen.queryByRole('button', { name: /^Publish \d+ changes$/ })).not.toBeInTheDocument();

    fireEvent.click(screen.getByLabelText(/force/));
    await showPlan();
    fireEvent.click(await screen.findByRole('button', { name: 'Publish 1 changes' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Publish' }));
    await screen.findByTestId(ids.done);
    expect(grafana.dashboards.get(uids.overview('test-portal'))!.dashboard.title).not.toBe('Mine now');
  });

  it.each([
    [
      'a Grafana that is too old',
      (g: GrafanaStandIn) => (g.version = '11.6.0'),
      /Grafana 11\.6\.0 is too old: OpenKPI needs Grafana 12\.0\.0 or newer/,
    ],
    [
      'a missing PostgreSQL data source',
      (g: GrafanaStandIn) => (g.datasources = [KPI_DS]),
      /runs on PostgreSQL data source "pg", which does not exist/,
    ],
    [
      'no right to the provisioning API',
      (g: GrafanaStandIn) => (g.handle = wrapForbidden(g)),
      /not allowed to read alert rules \(needs alert\.provisioning:read\) \(403 on GET/,
    ],
  ])('shows %s as one line', async (_name, breakIt, line) => {
    serve(grafana);
    breakIt(grafana);
    renderPage();
    await showPlan();
    const error = await screen.findByTestId(ids.error);
    expect(error).toHaveTextContent('Publishing failed');
    expect(error.textContent).toMatch(line);
    expect(grafana.writes()).toEqual([]);
  });
});

/** A signed-in Editor: the provisioning API answers 403 as Grafana does. */
function wrapForbidden(g: GrafanaStandIn): GrafanaStandIn['handle'] {
  const original = g.handle.bind(g);
  return (request) =>
    request.path.startsWith('/api/v1/provisioning/')
      ? {
          status: 403,
          body: {
            message:
              "You'll need additional permissions to perform this action. Permissions needed: alert.provisioning:read",
          },
        }
      : original(request);
}

describe('Publish route', () => {
  it('is the app page at publish', async () => {
    useSources([]);
    render(
      <MemoryRouter initialEntries={['/publish']} future={ROUTER_FUTURE}>
        <App
          {...({
            basename: 'a/openkpi-scorecard-app',
            meta: { id: 'openkpi-scorecard-app' },
            query: {},
            path: '',
          } as unknown as AppRootProps)}
        />
      </MemoryRouter>
    );
    expect(await screen.findByTestId(ids.container, {}, { timeout: 2000 })).toHaveTextContent('No OpenKPI data source');
  });
});
