/**
 * The KPI editor over real data: the preview's statements run on PostgreSQL through the
 * /api/ds/query stand-in (tests/support/pageData.ts) and the data source settings API is the
 * harness's store (Grafana's version / 409 rules). Expected figures are worked out from the seeded rows.
 */
import React from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { BackendSrv, setBackendSrv, setCurrentUser } from '@grafana/runtime';
import { parse } from 'yaml';
import { formatFigure } from '../../src/components/KpiDefinition/describe';
import { testIds } from '../../src/components/testIds';
import Editor from '../../src/pages/Editor';
import { ROUTER_FUTURE } from '../support/appInstances';
import { installIntersectionObserver } from '../../src/datasource/components/jsdomShims';
import { DataSourceStore } from '../harness/datasources';
import type { TestDatabase } from '../support/db';
import { dsQueryStandIn, DsQueryStandIn } from '../support/dsQuery';
import '../support/canvas';
import {
  EXACT_P95_YAML,
  isRollupProbe,
  kpiSettings,
  PAGE_CATALOG_YAML,
  PAGE_POSTGRES,
  pageDatabase,
  useKpiSources,
} from '../support/pageData';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getDataSourceSrv: jest.fn(),
}));

// Monaco does not run in jsdom: the YAML tab's code editor is a text area here (the browser test uses Monaco).
jest.mock('@grafana/ui', () => ({
  ...jest.requireActual('@grafana/ui'),
  CodeEditor: ({ value, onChange }: { value: string; onChange: (v: string) => void }) => (
    <textarea aria-label="Catalog YAML" value={value} onChange={(e) => onChange(e.currentTarget.value)} />
  ),
}));

const user = { permissions: { 'datasources:write': true } as Record<string, boolean> };
setCurrentUser(user as never);

let db: TestDatabase;
let store: DataSourceStore;
/** The statements the preview sent (/api/ds/query). */
let queries: DsQueryStandIn;

/** Grafana's backendSrv: /api/ds/query on the test database, the data source API on the store. */
function backend(): BackendSrv {
  queries = dsQueryStandIn(db.client, PAGE_POSTGRES);
  const query = queries.backend;
  const answer = (a: { status: number; body: unknown }) => {
    if (a.status >= 400) {
      throw { status: a.status, data: a.body, statusText: String(a.status) };
    }
    return a.body;
  };
  const uidOf = (url: string) => decodeURIComponent(url.split('/').pop()!);
  return {
    fetch: query.fetch,
    get: async (url: string, params?: Record<string, unknown>) =>
      answer(store.get(uidOf(url), params?.accesscontrol === true)),
    put: async (url: string, body: object) => answer(store.put(uidOf(url), body)),
  } as unknown as BackendSrv;
}

function freshStore(yaml = PAGE_CATALOG_YAML) {
  const settings = kpiSettings('page', 'Page KPIs', { catalog: parse(yaml), catalogText: yaml });
  store = new DataSourceStore(
    [
      {
        ...settings,
        url: '',
        user: '',
        database: '',
        basicAuth: false,
        withCredentials: false,
        isDefault: false,
      } as never,
    ],
    {},
    () => true
  );
  useKpiSources([settings]);
}

beforeAll(async () => {
  installIntersectionObserver();
  db = await pageDatabase();
});
afterAll(async () => {
  await db?.drop();
});
beforeEach(() => {
  user.permissions['datasources:write'] = true;
  window.localStorage.clear();
  freshStore();
  setBackendSrv(backend());
});

function renderEditor(url = '/editor?ds=page') {
  return render(
    <MemoryRouter initialEntries={[url]} future={ROUTER_FUTURE}>
      <Routes>
        <Route path="editor" element={<Editor />} />
      </Routes>
    </MemoryRouter>
  );
}

const input = (path: string) => screen.getByTestId(testIds.editor.field(path)) as HTMLInputElement;
const type = (path: string, value: string) => fireEvent.change(input(path), { target: { value } });
const form = () => screen.getByTestId(testIds.editor.form);
const preview = () => screen.getByTestId(testIds.editor.preview);

async function chooseTemplate(label: string) {
  const select = await screen.findByLabelText('Start from a template', {}, { timeout: 10000 });
  fireEvent.keyDown(select, { key: 'ArrowDown' });
  fireEvent.click(await screen.findByText(label));
}

describe('KPI editor', () => {
  it('starts a new KPI from a template and previews it on real data, following the thresholds typed', async () => {
    renderEditor();
    await chooseTemplate('Success rate');
    expect(input('id').value).toBe('success_rate_2');
    expect(input('measure.ratio.numerator.filter').value).toBe("status = 'succeeded'");
    // The template's source is the catalog's first (runs): 15 of the last 7 days' 20 runs succeeded.
    await waitFor(() => expect(screen.getByTestId(testIds.editor.previewValue)).toHaveTextContent('75.0%'), {
      timeout: 15000,
    });
    expect(within(preview()).getAllByTestId(testIds.kpi.status)[0]).toHaveTextContent('Critical');
    expect(screen.getByTestId(testIds.editor.paged)).toHaveTextContent(/would have paged \d+ time/);

    // Every 7-day rate of the runs is 70 % or more (or no data): below 20 / 10 it would never have paged.
    type('thresholds.warning', '20');
    type('thresholds.critical', '10');
    await waitFor(
      () =>
        expect(screen.getByTestId(testIds.editor.paged)).toHaveTextContent('would not have paged in the last 90 days'),
      {
        timeout: 15000,
      }
    );
    expect(within(preview()).getAllByTestId(testIds.kpi.status)[0]).toHaveTextContent('OK');
  });

  it('asks which rollups exist before previewing a KPI a rollup may answer (a count)', async () => {
    renderEditor('/editor?ds=page&kpi=run_count');
    // 20 runs in the last 7 days.
    await waitFor(() => expect(screen.getByTestId(testIds.editor.previewValue)).toHaveTextContent(/^20$/), {
      timeout: 15000,
    });
    expect(queries.sql.filter(isRollupProbe)).toHaveLength(1);
  });

  it('previews a KPI no rollup answers (an exact percentile) without a rollup probe', async () => {
    freshStore(PAGE_CATALOG_YAML + EXACT_P95_YAML);
    renderEditor('/editor?ds=page&kpi=resolution_p95');
    await waitFor(
      () => expect(screen.getByTestId(testIds.editor.previewValue)).toHaveTextContent(formatFigure(85, 'm')),
      { timeout: 15000 }
    );
    // Its value now and its 90-day backtest, on the tickets; nothing asked about rollups.
    expect(queries.sql.filter(isRollupProbe)).toEqual([]);
    expect(queries.sql.length).toBeGreaterThanOrEqual(2);
    expect(queries.sql.filter((sql) => !sql.includes('portal.tickets'))).toEqual([]);
  });

  it('shows the core validation messages on the fields as you type', async () => {
    renderEditor();
    await chooseTemplate('Success rate');
    type('window', '7x');
    // On the field itself (and in the catalog's problem list below, with its line).
    expect(await within(form()).findByText(/invalid window "7x"/)).toBeInTheDocument();
    type('window', '7d');
    type('thresholds.warning', '90');
    type('thresholds.critical', '95');
    expect(
      within(form()).getByText('critical (95) must not be above warning (90) when higher is better')
    ).toBeInTheDocument();
    expect(screen.queryByText(/invalid window/)).not.toBeInTheDocument();
    expect(screen.getByTestId(testIds.editor.save)).toBeDisabled();
    expect(preview()).toHaveTextContent('Fix the problems marked on the fields');
  });

  it('saves into the data source with its version, and a conflict keeps what was typed', async () => {
    renderEditor('/editor?ds=page&kpi=run_count');
    await screen.findByTestId(testIds.editor.form);
    type('target', '12');
    expect(window.localStorage.getItem('openkpi.editor.draft.page')).toContain('target: 12');
    // Someone else saves the data source meanwhile.
    const theirs = store.get('page', false).body as { version: number };
    store.put('page', {
      ...(theirs as object),
      name: 'Page KPIs',
      type: 'openkpi-kpi-datasource',
      version: theirs.version,
    } as never);

    fireEvent.click(screen.getByTestId(testIds.editor.save));
    expect(await screen.findByTestId(testIds.editor.saveError)).toHaveTextContent(
      'Someone else saved this catalog meanwhile'
    );
    expect(input('target').value).toBe('12');
    expect(window.localStorage.getItem('openkpi.editor.draft.page')).toContain('target: 12');

    fireEvent.click(screen.getByText('Save mine over theirs'));
    expect(await screen.findByTestId(testIds.editor.saved)).toBeInTheDocument();
    const saved = store.get('page', false).body as {
      version: number;
      jsonData: { catalogText: string; catalog: { kpis: Array<{ id: string; target: number }> } };
    };
    expect(saved.version).toBe(3);
    expect(saved.jsonData.catalogText).toContain('target: 12');
    expect(saved.jsonData.catalog.kpis.find((k) => k.id === 'run_count')?.target).toBe(12);
    expect(window.localStorage.getItem('openkpi.editor.draft.page')).toBeNull();
  });

  it('restores an unsaved draft after navigating away', async () => {
    const { unmount } = renderEditor('/editor?ds=page&kpi=run_count');
    await screen.findByTestId(testIds.editor.form);
    type('target', '17');
    unmount();
    renderEditor('/editor?ds=page&kpi=run_count');
    expect(await screen.findByTestId(testIds.editor.restored)).toBeInTheDocument();
    expect(input('target').value).toBe('17');
  });

  it('edits the YAML with the problems listed at their line', async () => {
    renderEditor('/editor?ds=page&kpi=run_count');
    await screen.findByTestId(testIds.editor.form);
    fireEvent.click(screen.getByText(/^YAML/));
    const yaml = screen.getByLabelText('Catalog YAML') as HTMLTextAreaElement;
    await act(async () => {
      fireEvent.change(yaml, { target: { value: yaml.value.replace('target: 10', 'target: ten') } });
    });
    const line = PAGE_CATALOG_YAML.split('\n').findIndex((l) => l.includes('target: 10')) + 1;
    expect(screen.getByTestId(testIds.catalog.problems)).toHaveTextContent(`catalog.yaml:${line}:`);
    expect(screen.getByText(/YAML \(1 problems\)/)).toBeInTheDocument();
  });

  it('exports the catalog as typed, as a YAML file', async () => {
    const blobs: Blob[] = [];
    URL.createObjectURL = jest.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:catalog';
    });
    URL.revokeObjectURL = jest.fn();
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    renderEditor('/editor?ds=page&kpi=run_count');
    await screen.findByTestId(testIds.editor.form);
    type('target', '13');
    fireEvent.click(screen.getByText(/^YAML/));
    fireEvent.click(screen.getByText('Export YAML'));
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blobs[0]);
    });
    expect(parse(text).kpis.find((k: { id: string }) => k.id === 'run_count').target).toBe(13);
    click.mockRestore();
  });

  it('tells a user who may not edit data sources so', () => {
    user.permissions['datasources:write'] = false;
    renderEditor();
    expect(screen.getByTestId(testIds.editor.denied)).toHaveTextContent('You may not edit KPIs');
  });
});
