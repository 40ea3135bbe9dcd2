import React, { useMemo } from 'react';
import { QueryEditorProps, SelectableValue } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import {
  Alert,
  Button,
  IconButton,
  InlineField,
  InlineFieldRow,
  InlineSwitch,
  Input,
  MultiSelect,
  RadioButtonGroup,
  Select,
} from '@grafana/ui';
import type { Catalog } from '../../core/catalog/model';
import { formatProblem } from '../../core/catalog/problems';
import { CALENDAR_UNIT_NAMES } from '../../core/rules/windows';
import type { KpiDataSource } from '../datasource';
import { withDefaults } from '../../query/defaults';
import { migrateQuery } from '../../query/migrate';
import { KPI_FIGURES, KpiFigure, KpiQuery, KpiQueryType, PaceFigure, QueryFilter, TrendMode } from '../../query/model';
import { KpiDataSourceOptions } from '../types';
import { testIds } from './testIds';

export type KpiQueryEditorProps = QueryEditorProps<KpiDataSource, KpiQuery, KpiDataSourceOptions>;

const QUERY_TYPES: Array<SelectableValue<KpiQueryType>> = [
  { label: 'KPI', value: 'kpi', description: 'Value, target, status, attainment, previous and change' },
  { label: 'Scorecard', value: 'scorecard', description: 'A table, one row per KPI, most severe first' },
  { label: 'Trend', value: 'trend', description: 'A time series over the dashboard range' },
  { label: 'Breakdown', value: 'breakdown', description: 'The KPI per value of a dimension' },
  { label: 'Objectives', value: 'objectives', description: 'A table, one row per key result with its objective' },
  { label: 'Backtest', value: 'backtest', description: 'The status at each step of the range (a state timeline)' },
];

const MODES: Array<SelectableValue<TrendMode>> = [
  { label: 'Trend', value: 'trend', description: 'The KPI with its own window at each step end' },
  { label: 'Buckets', value: 'buckets', description: 'The measure over each step' },
];

const FIGURE_LABELS: Record<KpiFigure, string> = {
  value: 'Value',
  target: 'Target',
  status: 'Status',
  attainment: 'Attainment',
  previous: 'Previous',
  change: 'Change',
  changePercent: 'Change %',
  elapsedShare: 'Elapsed share (paced)',
  projected: 'Projected (paced)',
  expectedToDate: 'Expected to date (paced)',
  volume: 'Volume (minimum volume)',
};

const PACE_OPTIONS: Array<SelectableValue<PaceFigure>> = [
  { label: 'To date', value: 'value', description: 'The value so far in the period' },
  { label: 'Projected', value: 'projected', description: 'On pace to end the period with (what the status judges)' },
  { label: 'Expected', value: 'expectedToDate', description: 'Target × elapsed share: where the KPI should be by now' },
];

const FIGURES: Array<SelectableValue<KpiFigure>> = KPI_FIGURES.map((f) => ({ value: f, label: FIGURE_LABELS[f] }));

// A few rolling steps, then every calendar kind of the registry (core/rules/windows.ts).
const STEPS = ['auto', '15m', '1h', '6h', '1d', '7d', ...CALENDAR_UNIT_NAMES];

function options(values: string[], labels?: Map<string, string>): Array<SelectableValue<string>> {
  return values.map((v) => ({ value: v, label: labels?.get(v) ?? v, description: labels?.has(v) ? v : undefined }));
}

/** `$name` for every dashboard variable, offered next to catalog values. */
function variableOptions(): Array<SelectableValue<string>> {
  return getTemplateSrv()
    .getVariables()
    .map((v) => ({ value: `$${v.name}`, label: `$${v.name}`, description: 'Dashboard variable' }));
}

function unique(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))].sort();
}

/** Values of a MultiSelect as a string list (custom values included). */
function valuesOf(selected: Array<SelectableValue<string>>): string[] {
  return selected.map((s) => s.value).filter((v): v is string => v !== undefined);
}

/** Keeps unknown saved values visible as options, so nothing disappears from the editor. */
function withCurrent(opts: Array<SelectableValue<string>>, current: string[]): Array<SelectableValue<string>> {
  const known = new Set(opts.map((o) => o.value));
  return [...opts, ...current.filter((c) => !known.has(c)).map((c) => ({ value: c, label: c }))];
}

/** Dimensions declared on the sources of the catalog. */
function dimensionsOf(catalog?: Catalog): string[] {
  return unique(Object.values(catalog?.sources ?? {}).flatMap((s) => s.dimensions));
}

/** The thresholds a backtest query may try instead of the catalog's. */
const THRESHOLD_OVERRIDES = [
  { level: 'warning', label: 'Warning' },
  { level: 'critical', label: 'Critical' },
] as const;

/**
 * The KPI query editor: the query type, which KPIs (ids, areas, owners, tags, or variables),
 * dimension filters, and the Trend / Breakdown settings. Every change runs the query.
 */
export function QueryEditor({ query: saved, onChange, onRunQuery, datasource }: KpiQueryEditorProps) {
  const query = useMemo(() => migrateQuery(saved as unknown as Record<string, unknown>), [saved]);
  const loaded = datasource.getCatalog();
  const catalog = loaded.catalog;
  const vars = useMemo(() => variableOptions(), []);

  const update = (next: KpiQuery) => {
    onChange(next);
    onRunQuery();
  };
  const patch = (p: Partial<KpiQuery>) => update({ ...query, ...p } as KpiQuery);

  const kpiNames = new Map((catalog?.kpis ?? []).map((k) => [k.id, k.name]));
  const selectorFields: Array<{ key: 'kpis' | 'areas' | 'owners' | 'tags'; label: string; values: string[] }> = [
    { key: 'kpis', label: 'KPIs', values: (catalog?.kpis ?? []).map((k) => k.id) },
    { key: 'areas', label: 'Areas', values: unique((catalog?.kpis ?? []).map((k) => k.area)) },
    { key: 'owners', label: 'Owners', values: unique((catalog?.kpis ?? []).map((k) => k.owner)) },
    { key: 'tags', label: 'Tags', values: unique((catalog?.kpis ?? []).flatMap((k) => k.tags)) },
  ];
  const dimensions = [...options(dimensionsOf(catalog)), ...vars];
  // Objectives are about whole KPIs: no KPI selector, no dimension filters.
  const kpiScoped = query.queryType !== 'objectives';
  const objectiveTitles = new Map((catalog?.objectives ?? []).map((o) => [o.id, o.title]));
  const threshold = (text: string): number | undefined =>
    text.trim() === '' || !Number.isFinite(Number(text)) ? undefined : Number(text);

  const setFilter = (index: number, filter: QueryFilter | undefined) => {
    const filters = [...query.filters];
    if (filter) {
      filters[index] = filter;
    } else {
      filters.splice(index, 1);
    }
    patch({ filters });
  };

  return (
    <>
      {!catalog && (
        <Alert title="The OpenKPI catalog is not valid" severity="error" data-testid={testIds.queryEditor.catalogError}>
          {loaded.problems.slice(0, 5).map(formatProblem).join('\n')}
        </Alert>
      )}
      <InlineFieldRow>
        <InlineField label="Query type" labelWidth={14}>
          <div data-testid={testIds.queryEditor.queryType}>
            <RadioButtonGroup
              options={QUERY_TYPES}
              value={query.queryType}
              onChange={(t) => update(withDefaults(query, t))}
            />
          </div>
        </InlineField>
      </InlineFieldRow>
      {query.queryType === 'objectives' && (
        <InlineFieldRow>
          <InlineField label="Objectives" labelWidth={14} grow tooltip="Empty shows every objective; variables allowed">
            <div data-testid={testIds.queryEditor.objectives} style={{ width: '100%' }}>
              <MultiSelect<string>
                aria-label="Objectives"
                options={withCurrent(
                  [...options([...objectiveTitles.keys()], objectiveTitles), ...vars],
                  query.objectives
                )}
                value={query.objectives}
                allowCustomValue
                placeholder="All objectives"
                onChange={(selected) => patch({ objectives: valuesOf(selected) })}
              />
            </div>
          </InlineField>
        </InlineFieldRow>
      )}
      {kpiScoped &&
        selectorFields.map((f) => (
          <InlineFieldRow key={f.key}>
            <InlineField label={f.label} labelWidth={14} grow tooltip="Empty selects every KPI; variables allowed">
              <div data-testid={testIds.queryEditor[f.key]} style={{ width: '100%' }}>
                <MultiSelect<string>
                  aria-label={f.label}
                  options={withCurrent(
                    [...options(f.values, f.key === 'kpis' ? kpiNames : undefined), ...vars],
                    query[f.key]
                  )}
                  value={query[f.key]}
                  allowCustomValue
                  placeholder={f.key === 'kpis' ? 'All KPIs' : 'Any'}
                  onChange={(selected) => patch({ [f.key]: valuesOf(selected) })}
                />
              </div>
            </InlineField>
          </InlineFieldRow>
        ))}
      {query.queryType === 'kpi' && (
        <InlineFieldRow>
          <InlineField
            label="Figures"
            labelWidth={14}
            grow
            tooltip="Only these fields, in this order; empty returns all"
          >
            <div data-testid={testIds.queryEditor.figures} style={{ width: '100%' }}>
              <MultiSelect<KpiFigure>
                aria-label="Figures"
                options={FIGURES}
                value={query.figures ?? []}
                placeholder="All figures"
                onChange={(selected) =>
                  patch({ figures: selected.map((s) => s.value).filter((v): v is KpiFigure => v !== undefined) })
                }
              />
            </div>
          </InlineField>
        </InlineFieldRow>
      )}
      {query.queryType === 'kpi' && (catalog?.kpis ?? []).some((k) => k.pace) && (
        <InlineFieldRow>
          <InlineField
            label="Paced value"
            labelWidth={14}
            tooltip="For KPIs with pace: which figure the value field shows, in the status colour"
          >
            <div data-testid={testIds.queryEditor.pace}>
              <RadioButtonGroup<PaceFigure>
                options={PACE_OPTIONS}
                value={query.pace ?? 'value'}
                onChange={(pace) => patch({ pace: pace === 'value' ? undefined : pace })}
              />
            </div>
          </InlineField>
        </InlineFieldRow>
      )}
      {query.queryType === 'trend' && (
        <InlineFieldRow>
          <InlineField label="Mode" labelWidth={14}>
            <div data-testid={testIds.queryEditor.mode}>
              <RadioButtonGroup options={MODES} value={query.mode} onChange={(mode) => patch({ mode })} />
            </div>
          </InlineField>
          <InlineField label="Step" labelWidth={10} tooltip="auto follows the panel interval">
            <div data-testid={testIds.queryEditor.step}>
              <Select<string>
                aria-label="Step"
                width={16}
                options={withCurrent(options(STEPS), [query.step])}
                value={query.step}
                allowCustomValue
                onChange={(s) => patch({ step: s.value ?? 'auto' })}
              />
            </div>
          </InlineField>
          <InlineField label="Target line" tooltip="the target in force at each point, as a dashed line">
            <InlineSwitch
              data-testid={testIds.queryEditor.targetLine}
              value={query.targetLine !== false}
              onChange={(e) => patch({ targetLine: e.currentTarget.checked })}
            />
          </InlineField>
        </InlineFieldRow>
      )}
      {query.queryType === 'backtest' && (
        <InlineFieldRow>
          <InlineField label="Step" labelWidth={14} tooltip="auto follows the panel interval">
            <div data-testid={testIds.queryEditor.step}>
              <Select<string>
                aria-label="Step"
                width={16}
                options={withCurrent(options(STEPS), [query.step])}
                value={query.step}
                allowCustomValue
                onChange={(s) => patch({ step: s.value ?? 'auto' })}
              />
            </div>
          </InlineField>
          {THRESHOLD_OVERRIDES.map(({ level, label }) => (
            <InlineField
              key={level}
              label={label}
              tooltip={`try this ${level} threshold instead of the catalog's; empty: the catalog's`}
            >
              <Input
                data-testid={testIds.queryEditor[level]}
                aria-label={`${label} threshold`}
                width={12}
                type="number"
                defaultValue={query[level] ?? ''}
                onBlur={(e) => patch({ [level]: threshold(e.currentTarget.value) })}
              />
            </InlineField>
          ))}
        </InlineFieldRow>
      )}
      {query.queryType === 'breakdown' && (
        <InlineFieldRow>
          <InlineField label="By" labelWidth={14}>
            <div data-testid={testIds.queryEditor.by}>
              <Select<string>
                aria-label="By"
                width={30}
                options={withCurrent(dimensions, query.by ? [query.by] : [])}
                value={query.by || null}
                allowCustomValue
                placeholder="Choose a dimension"
                onChange={(s) => patch({ by: s.value ?? '' })}
              />
            </div>
          </InlineField>
        </InlineFieldRow>
      )}
      {kpiScoped &&
        query.filters.map((f, i) => (
          <InlineFieldRow key={i} data-testid={testIds.queryEditor.filter}>
            <InlineField label="Filter" labelWidth={14}>
              <Select<string>
                aria-label={`Filter ${i + 1} dimension`}
                width={24}
                options={withCurrent(dimensions, f.dimension ? [f.dimension] : [])}
                value={f.dimension || null}
                allowCustomValue
                onChange={(s) => setFilter(i, { ...f, dimension: s.value ?? '' })}
              />
            </InlineField>
            <InlineField label="in" grow>
              <MultiSelect<string>
                aria-label={`Filter ${i + 1} values`}
                options={withCurrent(vars, f.values)}
                value={f.values}
                allowCustomValue
                placeholder="Type a value or pick a variable"
                onChange={(selected) => setFilter(i, { ...f, values: valuesOf(selected) })}
              />
            </InlineField>
            <IconButton
              name="trash-alt"
              aria-label={`Remove filter ${i + 1}`}
              onClick={() => setFilter(i, undefined)}
            />
          </InlineFieldRow>
        ))}
      {kpiScoped && (
        <Button
          variant="secondary"
          size="sm"
          icon="plus"
          data-testid={testIds.queryEditor.addFilter}
          onClick={() => onChange({ ...query, filters: [...query.filters, { dimension: '', values: [] }] })}
        >
          Add filter
        </Button>
      )}
    </>
  );
}
