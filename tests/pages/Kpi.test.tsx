/**
 * The KPI page over real evaluations: the core's statements run on PostgreSQL through the
 * /api/ds/query stand-in on the page data (tests/support/pageData.ts). Expected numbers come from
 * the seeded rows by hand or from hand-written SQL in the test.
 */
import React from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { render, screen, within } from '@testing-library/react';
import { setCurrentUser } from '@grafana/runtime';
import { parse } from 'yaml';
import { formatFigure } from '../../src/components/KpiDefinition/describe';
import { testIds } from '../../src/components/testIds';
import { uids } from '../../src/generators/uid';
import Kpi from '../../src/pages/Kpi';
import { ROUTER_FUTURE } from '../support/appInstances';
import type { TestDatabase } from '../support/db';
import '../support/canvas';
import {
  EXACT_P95_YAML,
  isRollupProbe,
  kpiSettings,
  PAGE_CATALOG_YAML,
  pageDatabase,
  pageQueries,
  useKpiSources,
} from '../support/pageData';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getDataSourceSrv: jest.fn(),
}));

const user = { permissions: { 'datasources:write': true } as Record<string, boolean> };
setCurrentUser(user as never);

/** The page catalog plus KPIs for the states the page explains: pace, volume, a year's comparison, a schedule. */
const EXTRA_KPIS = `
  - id: runs_month
    name: Runs this month
    source: runs
    window: month
    measure: { aggregate: count }
    target: 50
    pace: { after: 0 }
  - id: runs_year_pending
    name: Runs this year
    source: runs
    window: year
    measure: { aggregate: count }
    target: 5000
    pace: { after: 0.999 }
  - id: success_rate_gated
    name: Gated success rate
    unit: percent
    source: runs
    window: 7d
    measure:
      ratio:
        numerator: { aggregate: count, filter: "status = 'succeeded'" }
        denominator: { aggregate: count }
      scale: 100
    target: 95
    minVolume: 100
  - id: runs_yoy
    name: Runs against last year
    source: runs
    window: month
    measure: { aggregate: count }
    compare: year
  - id: resolution_scheduled
    name: Scheduled resolution time
    unit: m
    source: tickets
    window: 7d
    measure: { aggregate: avg, expression: minutes }
    direction: lower
    targets:
      - { from: 2020-01-01, value: 60 }
      - { from: 2024-01-01, value: 30, critical: 45 }
    thresholds: { warning: 30 }
  - id: minutes_per_run
    name: Resolution minutes per run
    decimals: 2
    measure: { formula: 'resolution_minutes / run_count' }
    direction: lower
    target: 3
    thresholds: { warning: 3, critical: 5 }
  - id: events_per_run
    name: Events per run
    decimals: 3
    measure: { formula: 'event_count / run_count' }
  - id: events_doubled
    name: Events, doubled
    measure: { formula: 'event_count * 2' }
`;

function catalog(): unknown {
  return parse(PAGE_CATALOG_YAML + EXTRA_KPIS + EXACT_P95_YAML);
}

let db: TestDatabase;
beforeAll(async () => {
  db = await pageDatabase();
});
afterAll(async () => {
  await db?.drop();
});

function renderKpi(url: string) {
  return render(
    <MemoryRouter initialEntries={[url]} future={ROUTER_FUTURE}>
      <Routes>
        <Route path="kpi/:id" element={<Kpi />} />
      </Routes>
    </MemoryRouter>
  );
}

const figures = () => screen.findByTestId(testIds.kpi.figures, {}, { timeout: 15000 });
/** The KPI's own status badge (the breakdown rows carry theirs). */
const status = () => within(screen.getByTestId(testIds.kpi.figures)).getAllByTestId(testIds.kpi.status)[0];
const figure = (label: string | RegExp) =>
  within(screen.getByTestId(testIds.kpi.figures)).getByRole('heading', { name: label }).parentElement!;

describe('KPI page', () => {
  beforeEach(() => {
    user.permissions['datasources:write'] = true;
    useKpiSources([kpiSettings('page', 'Page KPIs', { catalog: catalog() })]);
  });

  it('says what the KPI is, its status, figures, comparison, breakdown, trend and SQL', async () => {
    renderKpi('/kpi/success_rate?ds=page');
    expect(screen.getByTestId(testIds.kpi.sentence)).toHaveTextContent(
      "100 × (count of rows where status = 'succeeded') / (count of rows) over the last 7 days (7d), higher is better, target 95.0%"
    );
    await figures();
    // 15 of 20 runs in the last 7 days succeeded: 75 % against 95 % (critical below 90); the 7 days before: 10 of 10.
    expect(status()).toHaveTextContent('Critical');
    expect(figure('Value')).toHaveTextContent('75.0%');
    expect(figure('Target')).toHaveTextContent('95.0%');
    expect(figure('% of target')).toHaveTextContent('78.9%');
    const comparison = screen.getByTestId(testIds.kpi.comparison);
    expect(comparison).toHaveTextContent('vs the 7d before');
    expect(comparison).toHaveTextContent('100.0%');
    expect(within(comparison).getByLabelText(/^-25.0% against the 7d before \(worse\)/)).toBeInTheDocument();
    // Every run is team red: one breakdown row with the KPI's value and its verdict.
    const byTeam = screen.getByTestId(testIds.kpi.breakdown('team'));
    expect(
      within(byTeam)
        .getAllByRole('row')
        .map((r) => r.textContent)
    ).toEqual(['teamSuccessful provisioning rateStatus', 'red75.0%Critical']);
    expect(screen.getByTestId(testIds.kpi.trend)).toBeInTheDocument();
    expect(screen.getByTestId(testIds.kpi.sql)).toHaveTextContent('portal.runs');
    const links = screen.getByTestId(testIds.kpi.links);
    expect(within(links).getByText('Detail dashboard').closest('a')).toHaveAttribute(
      'href',
      `/d/${uids.detail('page-test')}?var-kpi=success_rate`
    );
    expect(within(links).getByText('Alert rules').closest('a')).toHaveAttribute(
      'href',
      '/alerting/list?search=label%3Akpi%3Dsuccess_rate'
    );
    expect(within(links).getByText('Edit KPI').closest('a')).toHaveAttribute(
      'href',
      '/a/openkpi-scorecard-app/editor?ds=page&kpi=success_rate'
    );
  });

  it('breaks a formula KPI down by the dimension all its KPIs declare, judging each row', async () => {
    renderKpi('/kpi/minutes_per_run?ds=page');
    await figures();
    // Team red: an average resolution of 50 minutes over its 20 runs of the last 7 days.
    const byTeam = screen.getByTestId(testIds.kpi.breakdown('team'));
    expect(
      within(byTeam)
        .getAllByRole('row')
        .map((r) => r.textContent)
    ).toEqual(['teamResolution minutes per runStatus', 'red2.50OK']);
  });

  it('breaks a formula down by a dimension one of its KPIs lacks, naming the one taken whole', async () => {
    renderKpi('/kpi/events_per_run?ds=page');
    await figures();
    // Events have no team: their whole count (1 in 7 days) over team red's 20 runs of the last 7 days.
    const byTeam = screen.getByTestId(testIds.kpi.breakdown('team'));
    const rows = within(byTeam)
      .getAllByRole('row')
      .map((r) => r.textContent);
    expect(rows[1]).toMatch(new RegExp(`^red${formatFigure(1 / 20, undefined, 3).replace('.', '\\.')}`));
    expect(screen.getByTestId(testIds.kpi.breakdownWhole('team', 'event_count'))).toHaveTextContent(
      'event_count is not broken down by team: its whole value is used on every row'
    );
  });

  it('says when no KPI of a formula declares a dimension', async () => {
    renderKpi('/kpi/events_doubled?ds=page');
    await figures();
    expect(
      screen.getByText('The KPIs this formula uses declare no dimension to break it down by.')
    ).toBeInTheDocument();
  });

  it('shows pace figures for a paced KPI: to date, expected to date and projected', async () => {
    const to = Date.now();
    renderKpi(`/kpi/runs_month?ds=page&from=${to - 30 * 86_400_000}&to=${to}`);
    await figures();
    const [{ n }] = (
      await db.client.query(
        `SELECT count(*)::int AS n FROM portal.runs
         WHERE finished_at >= date_trunc('month', to_timestamp($1 / 1000.0) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
           AND finished_at < to_timestamp($1 / 1000.0)`,
        [to]
      )
    ).rows;
    const d = new Date(to);
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    const share = (to - start) / (end - start);
    // Figures read as the page formats them (Grafana's unit formatter); the numbers are the test's own.
    const text = (v: number) => `${formatFigure(v)}`;
    expect(figure('To date')).toHaveTextContent(new RegExp(`^To date${n}$`));
    const pace = screen.getByTestId(testIds.kpi.pace);
    const paceFigure = (label: string) => within(pace).getByRole('heading', { name: label }).parentElement!;
    expect(paceFigure('Expected to date')).toHaveTextContent(`Expected to date${text(50 * share)}`);
    expect(paceFigure('Projected for the month')).toHaveTextContent(`Projected for the month${text(n / share)}`);
    expect(paceFigure('Period elapsed')).toHaveTextContent(`${Math.round(share * 100)}%`);
    expect(status()).toHaveTextContent(n / share < 50 ? 'Warning' : 'OK');
  });

  it('explains pending, low volume, no data and stale as their own states', async () => {
    const { unmount: a } = renderKpi('/kpi/success_rate_gated?ds=page');
    await figures();
    // 20 runs in the window, 100 needed.
    expect(status()).toHaveTextContent('Low volume');
    expect(screen.getByTestId(testIds.kpi.state)).toHaveTextContent('20 rows in the window; at least 100 are needed');
    expect(screen.getByTestId(testIds.kpi.volume)).toHaveTextContent('Volume: 20 rows in the window (minimum 100)');
    a();

    const now = new Date();
    const yearShare =
      (now.getTime() - Date.UTC(now.getUTCFullYear(), 0, 1)) /
      (Date.UTC(now.getUTCFullYear() + 1, 0, 1) - Date.UTC(now.getUTCFullYear(), 0, 1));
    const { unmount: b } = renderKpi('/kpi/runs_year_pending?ds=page');
    await figures();
    if (yearShare < 0.999) {
      expect(status()).toHaveTextContent('Pending');
      expect(screen.getByTestId(testIds.kpi.state)).toHaveTextContent(
        `${Math.round(yearShare * 100)}% of the year has elapsed; the KPI is judged on pace once 100% has`
      );
    }
    b();

    const { unmount: c } = renderKpi('/kpi/escalation_minutes?ds=page');
    await figures();
    expect(status()).toHaveTextContent('No data');
    expect(screen.getByTestId(testIds.kpi.state)).toHaveTextContent('No data in the window');
    c();

    renderKpi('/kpi/event_count?ds=page');
    await figures();
    // The one event is three days old; the source's freshness is 1h.
    expect(screen.getByTestId(testIds.kpi.state)).toHaveTextContent("older than the source's freshness of 1h");
    expect(status()).toHaveTextContent('OK');
  });

  it('compares with the same month last year for compare: year', async () => {
    renderKpi('/kpi/runs_yoy?ds=page');
    await figures();
    // No runs a year ago: the previous figure is 0 and there is no change in percent.
    const comparison = screen.getByTestId(testIds.kpi.comparison);
    expect(comparison).toHaveTextContent('vs the same month last year');
    expect(comparison).toHaveTextContent(/^vs the same month last year0 \(/);
  });

  it('shows the target schedule with the entry in force, and hides the SQL from viewers', async () => {
    user.permissions['datasources:write'] = false;
    renderKpi('/kpi/resolution_scheduled?ds=page');
    await figures();
    const schedule = screen.getByTestId(testIds.kpi.schedule);
    expect(
      within(schedule)
        .getAllByRole('row')
        .map((r) => r.textContent)
    ).toEqual(['FromTargetWarningCritical', '2020-01-011 hour30 min–', '2024-01-0130 min30 min45 minin force']);
    // avg(20, 40, 90) = 50 min: above the critical 45 of the entry in force.
    expect(status()).toHaveTextContent('Critical');
    expect(screen.queryByTestId(testIds.kpi.sql)).not.toBeInTheDocument();
    expect(screen.queryByText('Edit KPI')).not.toBeInTheDocument();
  });

  it('asks which rollups exist before evaluating a KPI a rollup may answer', async () => {
    pageQueries().reset();
    renderKpi('/kpi/run_count?ds=page');
    await figures();
    // 20 runs in the last 7 days (no rollup in the test database: raw rows answer).
    expect(figure('Value')).toHaveTextContent(/^Value20$/);
    expect(pageQueries().sql.filter(isRollupProbe)).toHaveLength(1);
  });

  it('sends no rollup probe for a KPI no rollup answers (an exact percentile): only its own statements', async () => {
    pageQueries().reset();
    renderKpi('/kpi/resolution_p95?ds=page');
    await figures();
    expect(figure('Value')).toHaveTextContent(formatFigure(85, 'm'));
    expect(screen.getByTestId(testIds.kpi.breakdown('team'))).toBeInTheDocument();
    const sent = pageQueries().sql;
    expect(sent.filter(isRollupProbe)).toEqual([]);
    // Its value, trend and breakdown by team, each on the tickets.
    expect(sent.length).toBeGreaterThanOrEqual(3);
    expect(sent.filter((sql) => !sql.includes('portal.tickets'))).toEqual([]);
  });

  it('says so for a KPI that is in no catalog', () => {
    renderKpi('/kpi/no_such_kpi?from=now-7d&to=now');
    expect(screen.getByTestId(testIds.kpi.unknown)).toHaveTextContent(
      'There is no KPI "no_such_kpi" in the catalog of any OpenKPI data source.'
    );
  });
});
