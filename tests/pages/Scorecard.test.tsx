/**
 * The Scorecard page over real frames: the plugin's KpiDataSource evaluates the page catalog on
 * PostgreSQL through the /api/ds/query stand-in; the numbers below are worked out by hand from
 * tests/support/pageData.ts.
 */
import React, { useEffect } from 'react';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { fireEvent, waitFor, render, screen, within } from '@testing-library/react';
import { setCurrentUser } from '@grafana/runtime';
import { testIds } from '../../src/components/testIds';
import Scorecard from '../../src/pages/Scorecard';
import { ROUTER_FUTURE } from '../support/appInstances';
import type { TestDatabase } from '../support/db';
import '../support/canvas';
import { kpiSettings, pageCatalog, pageDatabase, useKpiSources } from '../support/pageData';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getDataSourceSrv: jest.fn(),
  // Grafana's page chrome renders the page's actions; the runtime's default drops them.
  PluginPage: jest.requireActual('../harness/client/PluginPage').HarnessPluginPage,
}));

const user = { permissions: { 'datasources:write': true } as Record<string, boolean> };
setCurrentUser(user as never);

let db: TestDatabase;
beforeAll(async () => {
  db = await pageDatabase();
});
afterAll(async () => {
  await db?.drop();
});

let search = '';
/** Shows the router's search string to the test (written after render, as an effect). */
function Location() {
  const location = useLocation();
  useEffect(() => {
    search = location.search;
  }, [location]);
  return null;
}

function renderAt(url = '/scorecard?ds=page') {
  return render(
    <MemoryRouter initialEntries={[url]} future={ROUTER_FUTURE}>
      <Scorecard />
      <Location />
    </MemoryRouter>
  );
}

const rows = () => screen.getAllByTestId(testIds.scorecard.row);
const rowOf = (kpi: string) => rows().find((r) => r.dataset.kpi === kpi)!;
const cells = (kpi: string) =>
  within(rowOf(kpi))
    .getAllByRole('cell')
    .map((c) => c.textContent);

describe('Scorecard page', () => {
  beforeEach(() => {
    user.permissions['datasources:write'] = true;
    useKpiSources([kpiSettings('page', 'Page KPIs', { catalog: pageCatalog() })]);
  });

  it('lists every KPI worst first with status, value, target, % of target and change', async () => {
    renderAt();
    await screen.findByTestId(testIds.scorecard.table, {}, { timeout: 10000 });
    // critical, warning, no data, then OK in catalog order.
    expect(rows().map((r) => r.dataset.kpi)).toEqual([
      'success_rate',
      'resolution_minutes',
      'escalation_minutes',
      'run_count',
      'event_count',
    ]);
    // 15 of 20 runs succeeded (75 %) against 95 %; 75/95 = 78.9 % of target; 100 % the week before.
    expect(cells('success_rate').slice(0, 6)).toEqual([
      'Critical',
      expect.stringContaining('Successful provisioning rate'),
      '75.0%',
      '95.0%',
      '78.9%',
      expect.stringContaining('-25.0%'),
    ]);
    // avg(20, 40, 90) = 50 min, lower is better: 30/50 = 60 % of target; before avg(10, 20) = 15.
    expect(cells('resolution_minutes').slice(0, 6)).toEqual([
      'Warning',
      'Ticket resolution time' + 'reliability',
      '50 min',
      '30 min',
      '60.0%',
      expect.stringContaining('+233.3%'),
    ]);
    expect(cells('escalation_minutes')[0]).toBe('No data');
    expect(cells('run_count').slice(0, 5)).toEqual([
      'OK',
      expect.stringContaining('Provisioning runs'),
      '20',
      '10',
      '200.0%',
    ]);
  });

  it('colours the change arrow by direction: fewer successes and slower tickets are both bad', async () => {
    renderAt();
    await screen.findByTestId(testIds.scorecard.table, {}, { timeout: 10000 });
    expect(within(rowOf('success_rate')).getByLabelText(/against the 7d before \(worse\)/)).toHaveTextContent('-25.0%');
    expect(
      within(rowOf('resolution_minutes')).getByLabelText(/^\+35 min against the 7d before \(worse\)/)
    ).toBeInTheDocument();
    expect(within(rowOf('run_count')).getByLabelText(/^\+10 against the 7d before \(better\)/)).toBeInTheDocument();
  });

  it('counts the statuses, shows staleness as its own state, and filters by a count', async () => {
    renderAt();
    await screen.findByTestId(testIds.scorecard.table, {}, { timeout: 10000 });
    const count = (s: string) => screen.getByTestId(testIds.scorecard.count(s)).textContent;
    expect([count('critical'), count('warning'), count('no_data'), count('ok'), count('stale')]).toEqual([
      '1Critical',
      '1Warning',
      '1No data',
      '2OK',
      '1Stale',
    ]);
    expect(within(rowOf('event_count')).getByTestId(testIds.scorecard.freshness)).toHaveTextContent(
      /^Stale: 3 days ago/
    );
    expect(within(rowOf('run_count')).getByTestId(testIds.scorecard.freshness)).toHaveTextContent('an hour ago');

    fireEvent.click(screen.getByTestId(testIds.scorecard.count('stale')));
    expect(rows().map((r) => r.dataset.kpi)).toEqual(['event_count']);
    expect(new URLSearchParams(search).get('status')).toBe('stale');
  });

  it('narrows the list by the filters in the URL and by text, and says what to do when none match', async () => {
    renderAt('/scorecard?ds=page&area=Support');
    await screen.findByTestId(testIds.scorecard.table, {}, { timeout: 10000 });
    expect(rows().map((r) => r.dataset.kpi)).toEqual(['resolution_minutes', 'escalation_minutes', 'event_count']);

    fireEvent.change(screen.getByPlaceholderText(/Search KPIs/), { target: { value: 'ticket' } });
    expect(rows().map((r) => r.dataset.kpi)).toEqual(['resolution_minutes']);
    expect(new URLSearchParams(search).get('q')).toBe('ticket');

    fireEvent.change(screen.getByPlaceholderText(/Search KPIs/), { target: { value: 'zzz' } });
    expect(screen.getByTestId(testIds.scorecard.noMatch)).toHaveTextContent('No KPI matches these filters');
    fireEvent.click(
      within(screen.getByTestId(testIds.scorecard.noMatch)).getByRole('button', { name: 'Clear filters' })
    );
    expect(rows()).toHaveLength(5);
    expect(search).toBe('?ds=page');
  });

  it('exports what it shows: the filtered KPIs as CSV, worst first', async () => {
    const blobs: Blob[] = [];
    URL.createObjectURL = jest.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:scorecard';
    });
    URL.revokeObjectURL = jest.fn();
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    renderAt('/scorecard?ds=page&area=Support');
    await screen.findByTestId(testIds.scorecard.table, {}, { timeout: 10000 });
    fireEvent.click(screen.getByRole('button', { name: /export/i }));
    fireEvent.click(await screen.findByText('CSV'));
    await waitFor(() => expect(blobs).toHaveLength(1));
    const csv = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blobs[0]);
    });
    // The three Support KPIs the page lists, in its order; avg(20, 40, 90) = 50 min for ticket resolution.
    const lines = csv.trimEnd().split('\r\n').slice(1);
    expect(lines.map((l) => l.split(',')[4])).toEqual(['resolution_minutes', 'escalation_minutes', 'event_count']);
    expect(lines[0].split(',')[11]).toBe('50');
    click.mockRestore();
  });

  it('filters by tag and owner from the URL', async () => {
    renderAt('/scorecard?ds=page&tag=reliability&owner=platform-team');
    await screen.findByTestId(testIds.scorecard.table, {}, { timeout: 10000 });
    expect(rows().map((r) => r.dataset.kpi)).toEqual(['success_rate']);
  });

  it('offers a new KPI to those who may edit data sources only', async () => {
    const { unmount } = renderAt();
    expect(screen.getByText('New KPI').closest('a')).toHaveAttribute('href', '/a/openkpi-scorecard-app/editor?ds=page');
    unmount();
    user.permissions['datasources:write'] = false;
    renderAt();
    expect(screen.queryByText('New KPI')).not.toBeInTheDocument();
  });

  it('says how to start without a data source, and lists the problems of an invalid catalog', () => {
    useKpiSources([]);
    const { unmount } = renderAt('/scorecard');
    expect(screen.getByTestId(testIds.scorecard.noSources)).toHaveTextContent(
      /No OpenKPI data source yet.*Add a data source of type OpenKPI/
    );
    unmount();
    useKpiSources([
      kpiSettings('bad', 'Broken KPIs', { catalogText: 'apiVersion: openkpi/v1\nname: Bad Name\nkpis: []\n' }),
    ]);
    renderAt('/scorecard');
    const problems = screen.getByTestId(testIds.catalog.problems);
    expect(problems).toHaveTextContent('The catalog of Broken KPIs is not valid');
    expect(problems).toHaveTextContent(/catalog\.yaml:2:7: name: /);
    expect(screen.getByText('Fix it in the editor').closest('a')).toHaveAttribute(
      'href',
      '/a/openkpi-scorecard-app/editor?ds=bad'
    );
  });
});
