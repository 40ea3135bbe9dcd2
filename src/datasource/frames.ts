import {
  createDataFrame,
  DataFrame,
  FieldColorModeId,
  FieldDTO,
  FieldType,
  MappingType,
  SpecialValueMatch,
} from '@grafana/data';
import type { KpiEvaluation } from '../core/evaluation/evaluate';
import type { BreakdownResult } from '../core/evaluation/breakdown';
import type { SeriesResult } from '../core/evaluation/series';
import { wholeNote } from '../core/compiler/breakdownDimensions';
import { severityRank } from '../core/rules/status';
import { isoMs } from '../core/rules/instant';
import { figureConfig, KpiDisplay, kpiValueConfig, statusConfig } from './fieldConfig';
import { rowKpiLink } from './links';
import { KPI_FIGURES, KpiFigure, PaceFigure } from '../query/model';

function ms(iso: string | null): number | null {
  return iso ? isoMs(iso) : null;
}

/** The display facts of an evaluation: the thresholds in force at the evaluation instant, and its status. */
export function displayOf(e: KpiEvaluation, dsUid?: string): KpiDisplay {
  return {
    dsUid,
    id: e.id,
    name: e.name,
    unit: e.unit,
    decimals: e.decimals,
    direction: e.direction,
    warning: e.warning,
    critical: e.critical,
    status: e.status,
  };
}

/** How a KPI query's frame words and orders its figures, beyond the evaluation itself. */
export interface KpiFrameOptions {
  /** Only these fields, in this order (absent or empty: all that apply to the KPI). */
  figures?: KpiFigure[];
  /** Paced KPIs: the figure the `value` field carries (see KpiValueQuery.pace). */
  pace?: PaceFigure;
  /** The comparison window in words ("vs same month last year"), for previous and change. */
  comparison?: string;
}

/** Whether a figure applies to the evaluated KPI: pace figures to paced KPIs, volume to minimum-volume ones. */
function applies(e: KpiEvaluation, figure: KpiFigure): boolean {
  switch (figure) {
    case 'elapsedShare':
    case 'projected':
    case 'expectedToDate':
      return e.elapsedShare !== undefined;
    case 'volume':
      return e.volume !== undefined;
    default:
      return true;
  }
}

/**
 * KPI query: one frame per KPI with value (coloured by status), target, status, attainment,
 * previous and change, plus the pace figures of a paced KPI and the volume of a KPI with a
 * minimum volume; with `figures`, only those fields in that order (absent or empty: all that apply).
 */
export function kpiFrame(e: KpiEvaluation, refId: string, dsUid?: string, options: KpiFrameOptions = {}): DataFrame {
  const number = (
    name: KpiFigure,
    value: number | null | undefined,
    label: string,
    unit = e.unit,
    decimals = e.decimals
  ) => ({
    name,
    type: FieldType.number,
    values: [value ?? null],
    config: figureConfig(`${e.name} ${label}`, unit, decimals),
  });
  const display = displayOf(e, dsUid);
  const paced = e.elapsedShare !== undefined;
  const compared = options.comparison ? options.comparison.replace(/^vs /, '') : 'previous';
  const all: Record<KpiFigure, FieldDTO> = {
    value: { name: 'value', type: FieldType.number, values: [e.value], config: kpiValueConfig({ ...display, paced }) },
    target: number('target', e.target, 'target'),
    status: { name: 'status', type: FieldType.string, values: [e.status], config: statusConfig(`${e.name} status`) },
    attainment: number('attainment', e.attainment, 'attainment', 'percent', 1),
    previous: number('previous', e.previous, compared),
    change: number('change', e.change, options.comparison ? `change ${options.comparison}` : 'change'),
    changePercent: number(
      'changePercent',
      e.changePercent,
      options.comparison ? `change % ${options.comparison}` : 'change %',
      'percent',
      1
    ),
    elapsedShare: number('elapsedShare', e.elapsedShare, 'elapsed', 'percentunit', 0),
    // The projection is what the status judges: coloured by the thresholds like an unpaced value.
    projected: {
      name: 'projected',
      type: FieldType.number,
      values: [e.projected ?? null],
      config: { ...kpiValueConfig(display), displayName: `${e.name} projected` },
    },
    expectedToDate: number('expectedToDate', e.expectedToDate, 'expected to date'),
    volume: number('volume', e.volume, 'volume', 'none', 0),
  };
  if (paced && options.pace && options.pace !== 'value') {
    // The headline carries the chosen pace figure in the status colour, so a Stat showing `value` shows it.
    const chosen = options.pace === 'projected' ? e.projected : e.expectedToDate;
    const label = options.pace === 'projected' ? 'projected' : 'expected to date';
    all.value = {
      name: 'value',
      type: FieldType.number,
      values: [chosen ?? null],
      config: { ...kpiValueConfig({ ...display, paced: true }), displayName: `${e.name} ${label}` },
    };
  }
  const names = options.figures && options.figures.length > 0 ? options.figures : KPI_FIGURES;
  return createDataFrame({
    refId,
    name: e.name,
    meta: { custom: { kpi: e.id, error: e.error } },
    fields: names.filter((n) => applies(e, n)).map((n) => all[n]),
  });
}

/** Sorts evaluations most severe first, stable for equal statuses. */
export function bySeverity(evaluations: KpiEvaluation[]): KpiEvaluation[] {
  return evaluations
    .map((e, i) => ({ e, i }))
    .sort((a, b) => severityRank(a.e.status) - severityRank(b.e.status) || a.i - b.i)
    .map(({ e }) => e);
}

/** Scorecard query: one table, one row per KPI, every figure a column, most severe first. */
export function scorecardFrame(evaluations: KpiEvaluation[], refId: string, dsUid?: string): DataFrame {
  const rows = bySeverity(evaluations);
  const col = <T>(pick: (e: KpiEvaluation) => T) => rows.map(pick);
  // Each row has its own unit, so figure columns stay unformatted; `status` carries the colour.
  const plain = (displayName: string) => figureConfig(displayName);
  return createDataFrame({
    refId,
    name: 'Scorecard',
    fields: [
      {
        name: 'name',
        type: FieldType.string,
        values: col((e) => e.name),
        config: { displayName: 'KPI', links: [rowKpiLink(dsUid)] },
      },
      { name: 'id', type: FieldType.string, values: col((e) => e.id), config: { displayName: 'Id' } },
      { name: 'area', type: FieldType.string, values: col((e) => e.area ?? null), config: { displayName: 'Area' } },
      { name: 'owner', type: FieldType.string, values: col((e) => e.owner ?? null), config: { displayName: 'Owner' } },
      { name: 'status', type: FieldType.string, values: col((e) => e.status), config: statusConfig() },
      { name: 'value', type: FieldType.number, values: col((e) => e.value), config: plain('Value') },
      { name: 'unit', type: FieldType.string, values: col((e) => e.unit ?? null), config: { displayName: 'Unit' } },
      { name: 'target', type: FieldType.number, values: col((e) => e.target), config: plain('Target') },
      { name: 'warning', type: FieldType.number, values: col((e) => e.warning), config: plain('Warning') },
      { name: 'critical', type: FieldType.number, values: col((e) => e.critical), config: plain('Critical') },
      {
        name: 'attainment',
        type: FieldType.number,
        values: col((e) => e.attainment),
        config: figureConfig('Attainment', 'percent', 1),
      },
      { name: 'previous', type: FieldType.number, values: col((e) => e.previous), config: plain('Previous') },
      { name: 'change', type: FieldType.number, values: col((e) => e.change), config: plain('Change') },
      {
        name: 'changePercent',
        type: FieldType.number,
        values: col((e) => e.changePercent),
        config: figureConfig('Change %', 'percent', 1),
      },
      {
        name: 'elapsedShare',
        type: FieldType.number,
        values: col((e) => e.elapsedShare ?? null),
        config: figureConfig('Elapsed', 'percentunit', 0),
      },
      {
        name: 'projected',
        type: FieldType.number,
        values: col((e) => e.projected ?? null),
        config: plain('Projected'),
      },
      {
        name: 'expectedToDate',
        type: FieldType.number,
        values: col((e) => e.expectedToDate ?? null),
        config: plain('Expected to date'),
      },
      {
        name: 'volume',
        type: FieldType.number,
        values: col((e) => e.volume ?? null),
        config: figureConfig('Volume', 'none', 0),
      },
      {
        name: 'windowFrom',
        type: FieldType.time,
        values: col((e) => ms(e.window.from)),
        config: { displayName: 'Window from' },
      },
      {
        name: 'windowTo',
        type: FieldType.time,
        values: col((e) => ms(e.window.to)),
        config: { displayName: 'Window to' },
      },
      {
        name: 'lastDataAt',
        type: FieldType.time,
        values: col((e) => ms(e.lastDataAt)),
        config: { displayName: 'Last data' },
      },
      { name: 'stale', type: FieldType.boolean, values: col((e) => e.stale), config: { displayName: 'Stale' } },
      { name: 'error', type: FieldType.string, values: col((e) => e.error ?? null), config: { displayName: 'Error' } },
    ],
  });
}

/** The target line of a trend: the target in force at each point, dashed, never coloured by status. */
function targetLineField(series: SeriesResult, kpi: KpiDisplay): FieldDTO {
  return {
    name: 'target',
    type: FieldType.number,
    values: series.points.map((p) => p.target),
    config: {
      ...figureConfig(`${kpi.name} target`, kpi.unit, kpi.decimals),
      color: { mode: FieldColorModeId.Fixed, fixedColor: 'blue' },
      custom: { lineStyle: { fill: 'dash', dash: [10, 10] }, lineWidth: 1, fillOpacity: 0 },
    },
  };
}

/** A paced KPI's expected-to-date line: target in force × elapsed share at each point, dotted. */
function expectedLineField(series: SeriesResult, kpi: KpiDisplay): FieldDTO {
  return {
    name: 'expectedToDate',
    type: FieldType.number,
    values: series.points.map((p) => p.expectedToDate ?? null),
    config: {
      ...figureConfig(`${kpi.name} expected to date`, kpi.unit, kpi.decimals),
      color: { mode: FieldColorModeId.Fixed, fixedColor: 'purple' },
      custom: { lineStyle: { fill: 'dot', dash: [0, 10] }, lineWidth: 2, fillOpacity: 0 },
    },
  };
}

/**
 * Trend query: a time series of one KPI, coloured with the thresholds in force at the range end,
 * with the target line when asked for and the KPI has a target in the range. A paced KPI's trend
 * (its to-date value at each point: a cumulative line) comes with the expected-to-date line and is
 * coloured by the status at the range end, not by thresholds its to-date value is not judged by;
 * so is a trend whose KPI is pending or low on volume at the range end (`kpi.status`).
 */
export function seriesFrame(series: SeriesResult, kpi: KpiDisplay, refId: string, targetLine = true): DataFrame {
  const withTarget = targetLine && series.points.some((p) => p.target !== null);
  const paced = series.points.some((p) => p.expectedToDate !== undefined);
  return createDataFrame({
    refId,
    name: kpi.name,
    meta: { custom: { kpi: kpi.id, mode: series.mode } },
    fields: [
      { name: 'time', type: FieldType.time, values: series.points.map((p) => isoMs(p.time)), config: {} },
      {
        name: 'value',
        type: FieldType.number,
        values: series.points.map((p) => p.value),
        config: kpiValueConfig({ ...kpi, paced: paced || kpi.paced }),
      },
      ...(withTarget ? [targetLineField(series, kpi)] : []),
      ...(paced ? [expectedLineField(series, kpi)] : []),
    ],
  });
}

/**
 * Breakdown query: the KPI per dimension value (null key last, as the core orders it). A formula's
 * operands taken whole are said in a notice (Grafana shows it on the panel) and in the value
 * field's description, so a figure repeated on every row is not read as a per-value one.
 */
export function breakdownFrame(result: BreakdownResult, kpi: KpiDisplay, refId: string): DataFrame {
  const notes = (result.whole ?? []).map((id) => wholeNote(id, result.by));
  const description = notes.length > 0 ? { description: notes.join('; ') } : {};
  return createDataFrame({
    refId,
    name: kpi.name,
    meta: {
      custom: { kpi: kpi.id, by: result.by, ...(result.whole ? { whole: result.whole } : {}) },
      ...(notes.length > 0 ? { notices: notes.map((text) => ({ severity: 'info' as const, text })) } : {}),
    },
    fields: [
      keyField(
        result.by,
        result.rows.map((r) => r.key)
      ),
      {
        name: 'value',
        type: FieldType.number,
        values: result.rows.map((r) => r.value),
        config: { ...kpiValueConfig(kpi), ...description },
      },
    ],
  });
}

/**
 * A breakdown the KPI cannot give (no such dimension among its KPIs', or none chosen): no rows and
 * the reason as a notice, so the panel reads "No data" with why, rather than an error.
 */
export function noBreakdownFrame(kpi: KpiDisplay, by: string, reason: string, refId: string): DataFrame {
  return createDataFrame({
    refId,
    name: kpi.name,
    meta: { custom: { kpi: kpi.id, by }, notices: [{ severity: 'info', text: reason }] },
    fields: [keyField(by || 'key', []), { name: 'value', type: FieldType.number, values: [], config: {} }],
  });
}

/** The dimension-value field of a breakdown frame. */
function keyField(by: string, values: Array<string | null>): FieldDTO {
  return {
    name: by,
    type: FieldType.string,
    values,
    config: {
      displayName: by,
      // A null key is rows without a value for the dimension; say so rather than show a blank.
      mappings: [
        { type: MappingType.SpecialValue, options: { match: SpecialValueMatch.Null, result: { text: '(none)' } } },
      ],
    },
  };
}
