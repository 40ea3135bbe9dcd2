import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { render, screen, within } from '@testing-library/react';
import { testIds } from '../components/testIds';
import Catalog from './Catalog';
import { INVALID_CATALOG, instance, ROUTER_FUTURE, useSources, VALID_CATALOG } from '../../tests/support/appInstances';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getDataSourceSrv: jest.fn(),
}));

function renderCatalog() {
  return render(
    <MemoryRouter future={ROUTER_FUTURE}>
      <Catalog />
    </MemoryRouter>
  );
}

describe('Catalog page', () => {
  beforeEach(() => jest.resetAllMocks());

  it('groups the KPIs of a data source by area, in catalog order', () => {
    useSources([instance('kpi-uid', 'Portal KPIs', VALID_CATALOG)]);
    renderCatalog();

    const source = screen.getByRole('region', { name: 'Portal KPIs' });
    expect(within(source).getByText(/Catalog Test portal \(test-portal\), time zone UTC, 3 KPIs/)).toBeInTheDocument();
    const areas = within(source).getAllByTestId(testIds.catalog.area);
    expect(areas.map((a) => within(a).getByRole('heading', { level: 3 }).textContent)).toEqual([
      'Provisioning',
      'Support',
    ]);

    const provisioning = screen.getByRole('region', { name: 'Provisioning' });
    expect(
      within(provisioning)
        .getAllByTestId(testIds.catalog.kpi)
        .map((k) => k.textContent)
    ).toEqual([expect.stringContaining('Successful provisioning rate'), expect.stringContaining('Provisioning runs')]);
    const support = screen.getByRole('region', { name: 'Support' });
    expect(within(support).getByText('Ticket resolution time')).toBeInTheDocument();
    expect(within(support).queryByText('Provisioning runs')).not.toBeInTheDocument();
  });

  it('shows owner, target and window of each KPI and links to its page with the data source', () => {
    useSources([instance('kpi-uid', 'Portal KPIs', VALID_CATALOG)]);
    renderCatalog();

    const support = screen.getByRole('region', { name: 'Support' });
    expect(within(support).getByText('Owner: support-team')).toBeInTheDocument();
    expect(within(support).getByText('Target: 30 min')).toBeInTheDocument();
    expect(within(support).getByText('Window: the last 7 days (7d)')).toBeInTheDocument();
    const provisioning = screen.getByRole('region', { name: 'Provisioning' });
    expect(within(provisioning).getByText('Target: 95.0%')).toBeInTheDocument();

    expect(screen.getByRole('link', { name: 'Ticket resolution time' })).toHaveAttribute(
      'href',
      '/a/openkpi-scorecard-app/kpi/resolution_minutes?ds=kpi-uid'
    );
  });

  it('lists the problems of an invalid catalog next to a valid one', () => {
    useSources([
      instance('broken-uid', 'Broken KPIs', INVALID_CATALOG),
      instance('kpi-uid', 'Portal KPIs', VALID_CATALOG),
    ]);
    renderCatalog();

    const broken = screen.getByRole('region', { name: 'Broken KPIs' });
    const problems = within(broken).getByTestId(testIds.catalog.problems);
    expect(within(problems).getByText('The catalog of this data source is not valid')).toBeInTheDocument();
    const lines = within(problems)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.every((l) => l?.startsWith('jsonData.catalog:0:0: '))).toBe(true);
    expect(lines.some((l) => l?.includes('kpis[0]'))).toBe(true);
    expect(within(broken).queryByTestId(testIds.catalog.kpi)).not.toBeInTheDocument();

    expect(
      within(screen.getByRole('region', { name: 'Portal KPIs' })).getAllByTestId(testIds.catalog.kpi)
    ).toHaveLength(3);
  });

  it('says so when a data source has no catalog', () => {
    useSources([instance('empty-uid', 'Empty', undefined)]);
    renderCatalog();
    expect(within(screen.getByTestId(testIds.catalog.problems)).getByText(/no catalog configured/)).toBeInTheDocument();
  });

  it('explains how to start when there is no OpenKPI data source', () => {
    useSources([]);
    renderCatalog();
    expect(screen.getByTestId(testIds.catalog.noSources)).toHaveTextContent('No OpenKPI data source');
  });
});
