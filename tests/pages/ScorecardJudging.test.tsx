/**
 * The scorecard's pace and volume states over real frames (the page data, tests/support/pageData.ts):
 * a paced monthly count and a rate gated by a minimum volume, next to the page catalog's KPIs.
 */
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { render, screen, within } from '@testing-library/react';
import { setCurrentUser } from '@grafana/runtime';
import { parse } from 'yaml';
import { testIds } from '../../src/components/testIds';
import Scorecard from '../../src/pages/Scorecard';
import { ROUTER_FUTURE } from '../support/appInstances';
import type { TestDatabase } from '../support/db';
import '../support/canvas';
import { kpiSettings, PAGE_CATALOG_YAML, pageDatabase, useKpiSources } from '../support/pageData';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getDataSourceSrv: jest.fn(),
  PluginPage: jest.requireActual('../harness/client/PluginPage').HarnessPluginPage,
}));

setCurrentUser({ permissions: {} } as never);

const EXTRA = `
  - id: runs_month
    name: Runs this month
    source: runs
    window: month
    measure: { aggregate: count }
    target: 50
    pace: { after: 0 }
  - id: gated_rate
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
`;

let db: TestDatabase;
beforeAll(async () => {
  db = await pageDatabase();
});
afterAll(async () => {
  await db?.drop();
});

/** The month to date, by hand: runs since the first of the month (UTC) and the share of the month elapsed at now(). */
async function monthToDate(): Promise<{ n: number; share: number }> {
  const [{ n, share }] = (
    await db.client.query(`
      SELECT count(*) FILTER (WHERE finished_at >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')::int AS n,
             extract(epoch FROM now() - (date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'))
               / extract(epoch FROM (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month') - date_trunc('month', now() AT TIME ZONE 'UTC')) AS share
      FROM portal.runs WHERE finished_at < now()`)
  ).rows;
  return { n: Number(n), share: Number(share) };
}

const row = (kpi: string) => screen.getAllByTestId(testIds.scorecard.row).find((r) => r.dataset.kpi === kpi)!;

describe('Scorecard: pace and volume', () => {
  it('shows a paced KPI with its projection and a low-volume KPI as its own state with its rows', async () => {
    useKpiSources([kpiSettings('page', 'Page KPIs', { catalog: parse(PAGE_CATALOG_YAML + EXTRA) })]);
    const before = await monthToDate();
    render(
      <MemoryRouter initialEntries={['/scorecard?ds=page']} future={ROUTER_FUTURE}>
        <Scorecard />
      </MemoryRouter>
    );
    await screen.findByTestId(testIds.scorecard.table, {}, { timeout: 15000 });

    // 20 runs in the last 7 days, 100 needed: low volume, not red or green.
    expect(within(row('gated_rate')).getByTestId(testIds.kpi.status)).toHaveTextContent('Low volume');
    expect(within(row('gated_rate')).getByTestId(testIds.scorecard.value)).toHaveTextContent('75%only 20 rows');
    expect(screen.getByTestId(testIds.scorecard.count('low_volume'))).toHaveTextContent('1Low volume');

    // The page evaluated between these two readings of the month to date: early in a month the
    // projection moves fast (a share of 0.1 % grows by a tenth every few seconds), so it is
    // bracketed by both, to the formatter's precision.
    const after = await monthToDate();
    expect(after.n).toBe(before.n);
    const value = within(row('runs_month')).getByTestId(testIds.scorecard.value);
    expect(value).toHaveTextContent(new RegExp(`^${after.n}projected`));
    const projected = /projected (\S+) · expected by now (\S+)$/.exec(value.textContent ?? '')!;
    const [shown, expected] = [Number(projected[1]), Number(projected[2])];
    expect(shown).toBeGreaterThanOrEqual(after.n / after.share - 0.5);
    expect(shown).toBeLessThanOrEqual(after.n / before.share + 0.5);
    expect(expected).toBeGreaterThanOrEqual(50 * before.share - 0.5);
    expect(expected).toBeLessThanOrEqual(50 * after.share + 0.5);
  });
});
