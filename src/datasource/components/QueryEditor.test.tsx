import React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { DataSourceInstanceSettings, PluginType } from '@grafana/data';
import { setTemplateSrv } from '@grafana/runtime';
import { parse } from 'yaml';
import { KpiDataSource } from '../datasource';
import { withDefaults } from '../../query/defaults';
import { TEST_CATALOG_YAML } from '../fixtures';
import { testTemplateSrv } from '../testTemplateSrv';
import { KpiQuery } from '../../query/model';
import { KpiDataSourceOptions } from '../types';
import { QueryEditor } from './QueryEditor';
import { installIntersectionObserver } from './jsdomShims';
import { testIds } from './testIds';

function dataSource(catalog: unknown = parse(TEST_CATALOG_YAML)): KpiDataSource {
  return new KpiDataSource({
    id: 2,
    uid: 'openkpi',
    name: 'OpenKPI',
    type: 'openkpi-kpi-datasource',
    access: 'proxy',
    readOnly: false,
    meta: { id: 'openkpi-kpi-datasource', name: 'OpenKPI', type: PluginType.datasource },
    jsonData: { postgresUid: 'pg', catalog },
  } as unknown as DataSourceInstanceSettings<KpiDataSourceOptions>);
}

function renderEditor(query: Partial<KpiQuery>, ds = dataSource()) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const full = withDefaults({ refId: 'A', ...query });
  const view = render(<QueryEditor datasource={ds} query={full} onChange={onChange} onRunQuery={onRunQuery} />);
  return { onChange, onRunQuery, view };
}

/** The query of the last change. */
function last(onChange: jest.Mock): KpiQuery {
  return onChange.mock.calls[onChange.mock.calls.length - 1][0];
}

/** Opens a Grafana Select (react-select) found by its aria-label and clicks an option. */
function choose(label: string, option: string) {
  fireEvent.keyDown(screen.getByLabelText(label), { key: 'ArrowDown' });
  fireEvent.click(screen.getByText(option));
}

beforeAll(() => {
  setTemplateSrv(testTemplateSrv([{ name: 'team', options: ['red'], current: 'red' }]));
  installIntersectionObserver();
});

describe('QueryEditor', () => {
  it('switches the query type with the type’s defaults and runs the query', () => {
    const { onChange, onRunQuery } = renderEditor({ queryType: 'kpi', kpis: ['success_rate'] });
    fireEvent.click(within(screen.getByTestId(testIds.queryEditor.queryType)).getByText('Trend'));
    expect(last(onChange)).toMatchObject({ queryType: 'trend', mode: 'trend', step: 'auto', kpis: ['success_rate'] });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('picks KPIs by name from the catalog and stores their ids', () => {
    const { onChange } = renderEditor({ queryType: 'kpi' });
    choose('KPIs', 'Ticket resolution time');
    expect(last(onChange).kpis).toEqual(['resolution_minutes']);
  });

  it('offers the catalog’s areas and dashboard variables as selectors', () => {
    const { onChange } = renderEditor({ queryType: 'scorecard' });
    fireEvent.keyDown(screen.getByLabelText('Areas'), { key: 'ArrowDown' });
    expect(screen.getByText('Provisioning')).toBeInTheDocument();
    expect(screen.getByText('Support')).toBeInTheDocument();
    fireEvent.click(screen.getByText('$team'));
    expect(last(onChange).areas).toEqual(['$team']);
  });

  it('restricts a KPI query to chosen figures, in the order chosen', () => {
    const { onChange, view } = renderEditor({ queryType: 'kpi', kpis: ['success_rate'] });
    choose('Figures', 'Change %');
    const first = last(onChange);
    expect(first).toMatchObject({ figures: ['changePercent'] });
    view.rerender(<QueryEditor datasource={dataSource()} query={first} onChange={onChange} onRunQuery={jest.fn()} />);
    choose('Figures', 'Target');
    expect(last(onChange)).toMatchObject({ queryType: 'kpi', figures: ['changePercent', 'target'] });
  });

  it('offers Figures for the KPI type only', () => {
    renderEditor({ queryType: 'scorecard' });
    expect(screen.queryByTestId(testIds.queryEditor.figures)).not.toBeInTheDocument();
  });

  it('offers the pace figure for catalogs with paced KPIs and saves it in the query', () => {
    const raw = parse(TEST_CATALOG_YAML);
    raw.kpis.push({
      id: 'deploys',
      name: 'Deployments',
      source: 'runs',
      window: 'month',
      measure: { aggregate: 'count' },
      target: 50,
      pace: {},
    });
    const { onChange } = renderEditor({ queryType: 'kpi' }, dataSource(raw));
    const pace = screen.getByTestId(testIds.queryEditor.pace);
    fireEvent.click(within(pace).getByText('Projected'));
    expect(last(onChange)).toMatchObject({ queryType: 'kpi', pace: 'projected' });
    // Saved and read back: the choice survives the query model's defaults.
    expect(withDefaults(last(onChange) as unknown as Record<string, unknown>)).toMatchObject({ pace: 'projected' });
    fireEvent.click(within(pace).getByText('Expected'));
    expect(last(onChange)).toMatchObject({ pace: 'expectedToDate' });
  });

  it('offers no pace figure when no KPI is paced', () => {
    renderEditor({ queryType: 'kpi' });
    expect(screen.queryByTestId(testIds.queryEditor.pace)).not.toBeInTheDocument();
  });

  it('sets the Trend mode and step', () => {
    const { onChange } = renderEditor({ queryType: 'trend' });
    fireEvent.click(within(screen.getByTestId(testIds.queryEditor.mode)).getByText('Buckets'));
    expect(last(onChange)).toMatchObject({ queryType: 'trend', mode: 'buckets' });
    choose('Step', 'month');
    expect(last(onChange)).toMatchObject({ step: 'month' });
  });

  it('turns the Trend target line off and on', () => {
    const { onChange } = renderEditor({ queryType: 'trend' });
    const toggle = screen.getByTestId(testIds.queryEditor.targetLine) as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    fireEvent.click(toggle);
    expect(last(onChange)).toMatchObject({ queryType: 'trend', targetLine: false });
  });

  it('breaks down by a declared dimension', () => {
    const { onChange } = renderEditor({ queryType: 'breakdown', kpis: ['run_count'] });
    choose('By', 'template');
    expect(last(onChange)).toMatchObject({ queryType: 'breakdown', by: 'template' });
  });

  it('adds a dimension filter and fills it', () => {
    const { onChange, view } = renderEditor({ queryType: 'kpi' });
    fireEvent.click(screen.getByTestId(testIds.queryEditor.addFilter));
    const added = last(onChange);
    expect(added.filters).toEqual([{ dimension: '', values: [] }]);
    view.rerender(<QueryEditor datasource={dataSource()} query={added} onChange={onChange} onRunQuery={jest.fn()} />);
    choose('Filter 1 dimension', 'team');
    expect(last(onChange).filters).toEqual([{ dimension: 'team', values: [] }]);
  });

  it('shows the catalog problems when the catalog is invalid', () => {
    const raw = parse(TEST_CATALOG_YAML);
    raw.kpis[0].window = 'fortnight';
    renderEditor({ queryType: 'kpi' }, dataSource(raw));
    expect(screen.getByTestId(testIds.queryEditor.catalogError)).toHaveTextContent('kpis[0].window');
  });
});
