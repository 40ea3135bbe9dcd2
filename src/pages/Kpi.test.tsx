import React from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { render, screen, within } from '@testing-library/react';
import type { DataQueryRequest } from '@grafana/data';
import type { KpiEvaluation } from '../core/evaluation/evaluate';
import { scorecardFrame } from '../datasource/frames';
import type { KpiQuery } from '../query/model';
import { testIds } from '../components/testIds';
import Kpi from './Kpi';
import { instance, ROUTER_FUTURE, useSources, VALID_CATALOG } from './testSupport';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getDataSourceSrv: jest.fn(),
}));

const FROM = Date.UTC(2025, 2, 24);
const TO = Date.UTC(2025, 2, 31);

/** What the core returns for the fixture's `resolution_minutes` (lower is better, 42 min vs 30). */
const EVALUATION: KpiEvaluation = {
  id: 'resolution_minutes',
  name: 'Ticket resolution time',
  unit: 'm',
  area: 'Support',
  owner: 'support-team',
  direction: 'lower',
  value: 42,
  target: 30,
  warning: 30,
  critical: 60,
  status: 'warning',
  attainment: (100 * 30) / 42,
  previous: 35,
  change: 7,
  changePercent: 20,
  window: { from: '2025-03-24T00:00:00.000Z', to: '2025-03-31T00:00:00.000Z' },
  previousWindow: { from: '2025-03-17T00:00:00.000Z', to: '2025-03-24T00:00:00.000Z' },
  lastDataAt: '2025-03-30T23:58:00.000Z',
  stale: true,
};

function renderKpi(url: string) {
  return render(
    <MemoryRouter initialEntries={[url]} future={ROUTER_FUTURE}>
      <Routes>
        <Route path="kpi/:id" element={<Kpi />} />
      </Routes>
    </MemoryRouter>
  );
}

describe('KPI page', () => {
  beforeEach(() => jest.resetAllMocks());

  it('shows the figures and the status of the KPI evaluated at the end of the URL range', async () => {
    const query = jest.fn(async (_: DataQueryRequest<KpiQuery>) => ({ data: [scorecardFrame([EVALUATION], 'A')] }));
    const { get } = useSources([instance('kpi-uid', 'Portal KPIs', VALID_CATALOG)], query);
    renderKpi(`/kpi/resolution_minutes?ds=kpi-uid&from=${FROM}&to=${TO}`);

    const figures = await screen.findByTestId(testIds.kpi.figures);
    expect(within(figures).getByTestId(testIds.kpi.status)).toHaveTextContent('Warning');
    expect(within(figures).getByText('Stale data')).toBeInTheDocument();
    const figure = (label: string) => within(figures).getByRole('heading', { name: label }).parentElement;
    expect(figure('Value')).toHaveTextContent('42 min');
    expect(figure('Target')).toHaveTextContent('30 min');
    expect(figure('Attainment')).toHaveTextContent('71.4%');
    expect(figure('Previous')).toHaveTextContent('35 min');
    expect(figure('Change')).toHaveTextContent('+7 min (+20.0%)');
    expect(figure('Window')).toHaveTextContent('2025-03-24 00:00:00 – 2025-03-31 00:00:00');
    expect(figure('Last data')).toHaveTextContent('2025-03-30 23:58:00');
    expect(screen.getByText(/Evaluated at 2025-03-31 00:00:00/)).toBeInTheDocument();

    expect(get).toHaveBeenCalledWith('kpi-uid');
    const request = query.mock.calls[0][0];
    expect(request.range.from.valueOf()).toBe(FROM);
    expect(request.range.to.valueOf()).toBe(TO);
    expect(request.targets).toEqual([
      expect.objectContaining({
        queryType: 'scorecard',
        kpis: ['resolution_minutes'],
        datasource: expect.objectContaining({ uid: 'kpi-uid' }),
      }),
    ]);
  });

  it('describes the KPI in words', async () => {
    useSources([instance('kpi-uid', 'Portal KPIs', VALID_CATALOG)], async () => ({
      data: [scorecardFrame([EVALUATION], 'A')],
    }));
    renderKpi('/kpi/resolution_minutes');

    const definition = screen.getByTestId(testIds.kpi.definition);
    const term = (t: string) => within(definition).getByText(t).closest('dt')?.nextElementSibling;
    expect(term('Area')).toHaveTextContent('Support');
    expect(term('Owner')).toHaveTextContent('support-team');
    expect(term('Source')).toHaveTextContent('tickets');
    expect(term('Window')).toHaveTextContent('the last 7 days (7d)');
    expect(term('Measure')).toHaveTextContent('average of minutes');
    expect(term('Direction')).toHaveTextContent('lower is better');
    expect(term('Target')).toHaveTextContent('30 min');
    expect(term('Thresholds')).toHaveTextContent('warning above 30 min, critical above 1 hour');
    expect(within(definition).getByText('reliability')).toBeInTheDocument();
    await screen.findByTestId(testIds.kpi.figures);
  });

  it('evaluates over now-30d..now when the URL names no range', async () => {
    const query = jest.fn(async (_: DataQueryRequest<KpiQuery>) => ({ data: [scorecardFrame([EVALUATION], 'A')] }));
    useSources([instance('kpi-uid', 'Portal KPIs', VALID_CATALOG)], query);
    renderKpi('/kpi/resolution_minutes');

    await screen.findByTestId(testIds.kpi.figures);
    const { range } = query.mock.calls[0][0];
    expect(range.raw).toEqual({ from: 'now-30d', to: 'now' });
    expect(range.to.valueOf() - range.from.valueOf()).toBeGreaterThanOrEqual(30 * 86_400_000 - 1000);
  });

  it('shows the query error when the KPI cannot be evaluated', async () => {
    const failed: KpiEvaluation = {
      ...EVALUATION,
      value: null,
      status: 'error',
      error: 'Ticket resolution time (resolution_minutes): relation "portal.tickets" does not exist',
    };
    useSources([instance('kpi-uid', 'Portal KPIs', VALID_CATALOG)], async () => ({
      data: [scorecardFrame([failed], 'A')],
      errors: [{ refId: 'A', message: failed.error }],
    }));
    renderKpi('/kpi/resolution_minutes');

    const alert = await screen.findByTestId(testIds.kpi.error);
    expect(alert).toHaveTextContent('relation "portal.tickets" does not exist');
    expect(within(alert).getAllByText(/does not exist/)).toHaveLength(1);
    expect(screen.getByTestId(testIds.kpi.status)).toHaveTextContent('Error');
  });

  it('says so for a KPI that is in no catalog', () => {
    useSources([instance('kpi-uid', 'Portal KPIs', VALID_CATALOG)]);
    renderKpi('/kpi/no_such_kpi?from=now-7d&to=now');
    expect(screen.getByTestId(testIds.kpi.unknown)).toHaveTextContent(
      'There is no KPI "no_such_kpi" in the catalog of any OpenKPI data source.'
    );
    expect(screen.queryByTestId(testIds.kpi.figures)).not.toBeInTheDocument();
  });

  it('looks the KPI up only in the data source named by ?ds=', () => {
    useSources([instance('kpi-uid', 'Portal KPIs', VALID_CATALOG), instance('other', 'Other', VALID_CATALOG)]);
    renderKpi('/kpi/run_count?ds=missing');
    expect(screen.getByTestId(testIds.kpi.unknown)).toHaveTextContent('with uid "missing"');
  });
});
