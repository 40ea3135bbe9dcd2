import React from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { DataSourceInstanceSettings, DataSourceSettings, PluginType } from '@grafana/data';
import { DataSourceSrv, setDataSourceSrv } from '@grafana/runtime';
import { parse } from 'yaml';
import { loadCatalogFrom } from '../catalog';
import { TEST_CATALOG_YAML } from '../fixtures';
import { KpiDataSourceOptions } from '../types';
import { ConfigEditor } from './ConfigEditor';
import { installIntersectionObserver } from './jsdomShims';
import { testIds } from './testIds';

function dsSettings(uid: string, name: string, type: string): DataSourceInstanceSettings {
  return {
    id: 1,
    uid,
    name,
    type,
    access: 'proxy',
    readOnly: false,
    jsonData: {},
    meta: { id: type, name: type, type: PluginType.datasource, info: { logos: { small: '' } } },
  } as unknown as DataSourceInstanceSettings;
}

const PG = dsSettings('pg-main', 'Main PostgreSQL', 'grafana-postgresql-datasource');
const LEGACY_PG = dsSettings('pg-old', 'Old PostgreSQL', 'postgres');
const PROMETHEUS = dsSettings('prom', 'Prometheus', 'prometheus');

/** Grafana's data source registry as the picker reads it, honouring the `type` filter. */
function dataSourceSrv(): DataSourceSrv {
  const all = [PG, LEGACY_PG, PROMETHEUS];
  return {
    getList: (filters: { type?: string | string[] } = {}) =>
      all.filter((ds) => !filters.type || [filters.type].flat().includes(ds.type)),
    // Like Grafana's: by uid or by name (the picker's options are keyed by name).
    getInstanceSettings: (ref: unknown) => {
      const key = typeof ref === 'string' ? ref : (ref as { uid?: string } | null)?.uid;
      return all.find((ds) => ds.uid === key || ds.name === key);
    },
    get: () => Promise.reject(new Error('not needed')),
    reload: () => {},
    registerRuntimeDataSource: () => {},
  } as unknown as DataSourceSrv;
}

function settings(jsonData: KpiDataSourceOptions): DataSourceSettings<KpiDataSourceOptions> {
  return {
    id: 2,
    uid: 'openkpi',
    name: 'OpenKPI',
    type: 'openkpi-kpi-datasource',
    jsonData,
    secureJsonFields: {},
  } as unknown as DataSourceSettings<KpiDataSourceOptions>;
}

function renderEditor(jsonData: KpiDataSourceOptions) {
  const onOptionsChange = jest.fn();
  render(<ConfigEditor options={settings(jsonData)} onOptionsChange={onOptionsChange} />);
  return onOptionsChange;
}

/** The jsonData of the last change. */
function lastJsonData(onOptionsChange: jest.Mock): KpiDataSourceOptions {
  return onOptionsChange.mock.calls[onOptionsChange.mock.calls.length - 1][0].jsonData;
}

beforeAll(() => {
  setDataSourceSrv(dataSourceSrv());
  installIntersectionObserver();
});

describe('ConfigEditor', () => {
  it('shows the stored catalog as YAML and says it is valid', () => {
    renderEditor({ postgresUid: PG.uid, catalog: parse(TEST_CATALOG_YAML) });
    const text = (screen.getByTestId(testIds.configEditor.catalog) as HTMLTextAreaElement).value;
    expect(parse(text)).toEqual(parse(TEST_CATALOG_YAML));
    expect(screen.getByTestId(testIds.configEditor.valid)).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.configEditor.problems)).not.toBeInTheDocument();
  });

  it('lists problems with line, path and message while editing, and stores the catalog object', () => {
    const onOptionsChange = renderEditor({ catalog: parse(TEST_CATALOG_YAML) });
    const broken = TEST_CATALOG_YAML.replace('direction: higher', 'direction: sideways');
    const line = broken.split('\n').findIndex((l) => l.includes('sideways')) + 1;
    fireEvent.change(screen.getByTestId(testIds.configEditor.catalog), { target: { value: broken } });
    const problems = screen.getAllByTestId(testIds.configEditor.problem).map((li) => li.textContent);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^catalog\\.yaml:${line}:\\d+: kpis\\[0\\]\\.direction: `));
    expect((lastJsonData(onOptionsChange).catalog as { kpis: Array<{ direction: string }> }).kpis[0].direction).toBe(
      'sideways'
    );
  });

  it('stores a broken edit as typed, so what is saved is what runs and nothing is lost', () => {
    const onOptionsChange = renderEditor({ catalog: parse(TEST_CATALOG_YAML) });
    fireEvent.change(screen.getByTestId(testIds.configEditor.catalog), { target: { value: 'name: [unclosed' } });
    expect(screen.getAllByTestId(testIds.configEditor.problem)[0].textContent).toMatch(/^catalog\.yaml:1:\d+: /);
    const saved = lastJsonData(onOptionsChange);
    expect(saved.catalogText).toBe('name: [unclosed');
    expect(saved.catalog).toEqual(parse(TEST_CATALOG_YAML));
    // The data source runs the text: its panels report the syntax error instead of the old catalog.
    expect(loadCatalogFrom(saved).problems[0]).toMatchObject({ file: 'catalog.yaml', line: 1 });
  });

  it('shows the catalog as last typed, comments included', () => {
    const typed = `# Owned by the platform team\n${TEST_CATALOG_YAML}`;
    renderEditor({ catalog: parse(TEST_CATALOG_YAML), catalogText: typed });
    expect((screen.getByTestId(testIds.configEditor.catalog) as HTMLTextAreaElement).value).toBe(typed);
  });

  it('imports a catalog file', async () => {
    const onOptionsChange = renderEditor({});
    const file = new File([TEST_CATALOG_YAML], 'portal.yaml', { type: 'application/yaml' });
    fireEvent.change(screen.getByTestId(testIds.configEditor.importFile), { target: { files: [file] } });
    await waitFor(() => expect(onOptionsChange).toHaveBeenCalled());
    expect(lastJsonData(onOptionsChange).catalog).toEqual(parse(TEST_CATALOG_YAML));
    expect(screen.getByTestId(testIds.configEditor.valid)).toBeInTheDocument();
  });

  it('exports the catalog as a YAML file named after it', async () => {
    renderEditor({ catalog: parse(TEST_CATALOG_YAML) });
    // jsdom has no object URLs or downloads: capture the Blob and the anchor the editor clicks.
    let blob: Blob | undefined;
    const createObjectURL = jest.fn((b: Blob) => {
      blob = b;
      return 'blob:catalog';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement
    ) {
      expect(this.href).toBe('blob:catalog');
      expect(this.download).toBe(`${parse(TEST_CATALOG_YAML).name}.yaml`);
    });
    fireEvent.click(screen.getByTestId(testIds.configEditor.exportFile));
    expect(click).toHaveBeenCalledTimes(1);
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader(); // jsdom's Blob has no text()
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blob!);
    });
    expect(parse(text)).toEqual(parse(TEST_CATALOG_YAML));
    click.mockRestore();
  });

  it('offers only PostgreSQL data sources and stores the chosen uid and type', async () => {
    const onOptionsChange = renderEditor({});
    const picker = screen.getByTestId(testIds.configEditor.postgres).querySelector('input') as HTMLInputElement;
    fireEvent.keyDown(picker, { key: 'ArrowDown' });
    expect(await screen.findByText('Old PostgreSQL')).toBeInTheDocument();
    expect(screen.queryByText('Prometheus')).not.toBeInTheDocument();
    fireEvent.click(screen.getByText('Main PostgreSQL'));
    expect(lastJsonData(onOptionsChange)).toMatchObject({
      postgresUid: 'pg-main',
      postgresType: 'grafana-postgresql-datasource',
    });
  });
});
