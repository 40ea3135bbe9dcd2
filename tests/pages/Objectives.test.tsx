/**
 * The Objectives page over real evaluations of the page data (tests/support/pageData.ts): key
 * results of KPIs whose values are worked out by hand from the seeded rows.
 */
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { render, screen, within } from '@testing-library/react';
import { parse } from 'yaml';
import { testIds } from '../../src/components/testIds';
import Objectives from '../../src/pages/Objectives';
import { ROUTER_FUTURE } from '../support/appInstances';
import type { TestDatabase } from '../support/db';
import {
  DAY,
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

const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const NOW = Date.now();
const FROM = date(NOW - 10 * DAY);
const BY = date(NOW + 30 * DAY);
// Dates are UTC midnights (the page catalog's zone); the share of from → by elapsed at the
// page's own now, a few seconds after NOW: 10 days plus the time of day, of 40 days.
const midnight = (ms: number) => Math.floor(ms / DAY) * DAY;
const expectedPercent = (at: number) =>
  Math.round((100 * (at - midnight(NOW - 10 * DAY))) / (midnight(NOW + 30 * DAY) - midnight(NOW - 10 * DAY)));

const OBJECTIVES = `
objectives:
  - id: grow_runs
    title: Grow provisioning
    owner: platform-team
    from: ${FROM}
    keyResults:
      - { kpi: run_count, target: 40, by: ${BY}, baseline: 0 }
      - { kpi: success_rate, target: 99, by: ${BY}, baseline: 95 }
      - { kpi: escalation_minutes, target: 10, by: ${BY}, baseline: 60 }
  - id: keep_running
    title: Keep running
    from: ${FROM}
    keyResults:
      - { kpi: run_count, target: 10, by: ${BY}, baseline: 0 }
`;

/** Key results of an exact percentile only: no rollup answers one. */
const EXACT_OBJECTIVES = `
objectives:
  - id: faster_tickets
    title: Resolve tickets faster
    from: ${FROM}
    keyResults:
      - { kpi: resolution_p95, target: 60, by: ${BY}, baseline: 160 }
`;

let db: TestDatabase;
beforeAll(async () => {
  db = await pageDatabase();
});
afterAll(async () => {
  await db?.drop();
});

function renderPage() {
  return render(
    <MemoryRouter initialEntries={['/objectives?ds=page']} future={ROUTER_FUTURE}>
      <Objectives />
    </MemoryRouter>
  );
}

describe('Objectives page', () => {
  it('shows each objective with its key results, progress against expected progress, status and KPI links', async () => {
    useKpiSources([kpiSettings('page', 'Page KPIs', { catalog: parse(PAGE_CATALOG_YAML + OBJECTIVES) })]);
    renderPage();
    const cards = await screen.findAllByTestId(testIds.objectives.objective, {}, { timeout: 15000 });
    expect(cards.map((c) => c.dataset.objective)).toEqual(['grow_runs', 'keep_running']);

    const krs = within(cards[0]).getAllByTestId(testIds.objectives.keyResult);
    const row = (kpi: string) => krs.find((r) => r.dataset.kpi === kpi)!;
    // 20 runs in the last 7 days, from 0 toward 40: 50 %; expected by now 25–28 % (10 days and the
    // time of day, of 40): on track.
    expect(within(row('run_count')).getByRole('meter')).toHaveAttribute('aria-valuenow', '50');
    const expected = [expectedPercent(NOW), expectedPercent(NOW + 60_000)];
    expect([0, 1].map((i) => `50% progress, ${expected[i]}% expected by now`)).toContain(
      within(row('run_count')).getByRole('meter').getAttribute('aria-label')
    );
    expect(within(row('run_count')).getByTestId(testIds.objectives.status)).toHaveTextContent('On track');
    // 75 % success against a baseline of 95 toward 99: progress clipped at 0, at risk.
    expect(within(row('success_rate')).getByRole('meter')).toHaveAttribute('aria-valuenow', '0');
    expect(within(row('success_rate')).getByTestId(testIds.objectives.status)).toHaveTextContent('At risk');
    // No ticket of team "nobody": no data.
    expect(within(row('escalation_minutes')).getByTestId(testIds.objectives.status)).toHaveTextContent('No data');
    // The roll-up: at risk (before no data); 20 ≥ 10 achieves the second objective.
    const badge = (card: HTMLElement) => within(card).getAllByTestId(testIds.objectives.status)[0];
    expect(badge(cards[0])).toHaveTextContent('At risk');
    expect(badge(cards[1])).toHaveTextContent('Achieved');
    expect(cards[0]).toHaveTextContent('25% overall');
    expect(within(row('run_count')).getByText('Provisioning runs').closest('a')).toHaveAttribute(
      'href',
      '/a/openkpi-scorecard-app/kpi/run_count?ds=page'
    );
  });

  it('asks which rollups exist when a key result may read one (a count)', async () => {
    useKpiSources([kpiSettings('page', 'Page KPIs', { catalog: parse(PAGE_CATALOG_YAML + OBJECTIVES) })]);
    pageQueries().reset();
    renderPage();
    await screen.findAllByTestId(testIds.objectives.objective, {}, { timeout: 15000 });
    expect(pageQueries().sql.filter(isRollupProbe)).toHaveLength(1);
  });

  it('sends no rollup probe when no key result may read a rollup (an exact percentile)', async () => {
    const catalog = parse(PAGE_CATALOG_YAML + EXACT_P95_YAML + EXACT_OBJECTIVES);
    useKpiSources([kpiSettings('page', 'Page KPIs', { catalog })]);
    pageQueries().reset();
    renderPage();
    const [card] = await screen.findAllByTestId(testIds.objectives.objective, {}, { timeout: 15000 });
    // p95 85 min (pageData.ts), from a baseline of 160 toward 60: 75 %.
    const [kr] = within(card).getAllByTestId(testIds.objectives.keyResult);
    expect(within(kr).getByRole('meter').getAttribute('aria-label')).toMatch(/^75% progress/);
    const sent = pageQueries().sql;
    expect(sent.filter(isRollupProbe)).toEqual([]);
    // The database's now, then the key results' values in one statement, on the tickets.
    expect(sent).toHaveLength(2);
    expect(sent[0]).toContain('now()');
    expect(sent[1]).toContain('portal.tickets');
  });

  it('says how to add objectives to a catalog that has none', () => {
    useKpiSources([kpiSettings('page', 'Page KPIs', { catalog: parse(PAGE_CATALOG_YAML) })]);
    renderPage();
    expect(screen.getByTestId(testIds.objectives.empty)).toHaveTextContent('Add `objectives:` to the catalog');
  });
});
