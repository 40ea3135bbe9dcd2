import { createDataFrame, DataFrame, FieldColorModeId, FieldConfig, FieldType, MappingType } from '@grafana/data';
import type { BacktestResult } from '../core/backtest/evaluate';
import type { OkrResult } from '../core/objectives/evaluate';
import { KEY_RESULT_STATUSES } from '../core/objectives/progress';
import { isoMs } from '../core/rules/instant';
import { statusConfig } from './fieldConfig';
import { rowKpiLink } from './links';

/** Value mappings that give every key-result status its words and colour. */
export const KEY_RESULT_STATUS_MAPPINGS = [
  {
    type: MappingType.ValueToText as const,
    options: Object.fromEntries(
      KEY_RESULT_STATUSES.map((s, index) => [s.status, { text: s.name, color: s.color, index }])
    ),
  },
];

function okrStatusConfig(displayName: string): FieldConfig {
  return {
    displayName,
    mappings: KEY_RESULT_STATUS_MAPPINGS,
    color: { mode: FieldColorModeId.Fixed, fixedColor: 'text' },
    custom: { cellOptions: { type: 'color-background' } },
  };
}

/** Progress 0–100 %, drawn as a bar in a table cell. */
function progressConfig(displayName: string): FieldConfig {
  return {
    displayName,
    unit: 'percent',
    decimals: 0,
    min: 0,
    max: 100,
    color: { mode: FieldColorModeId.Fixed, fixedColor: 'blue' },
    custom: { cellOptions: { type: 'gauge', mode: 'basic' } },
  };
}

/**
 * Objectives query: one table, one row per key result with its objective's title, progress and
 * status beside it; rows sorted by objective title (then catalog order), key results in catalog order.
 * Values keep each KPI's own unit, so they are plain numbers; `id` links to the KPI's page.
 */
export function objectivesFrame(result: OkrResult, refId: string, only: string[] = [], dsUid?: string): DataFrame {
  const objectives = result.objectives
    .filter((o) => only.length === 0 || only.includes(o.id))
    .map((o, i) => ({ o, i }))
    .sort((a, b) => a.o.title.localeCompare(b.o.title) || a.i - b.i)
    .map(({ o }) => o);
  const rows = objectives.flatMap((o) => o.keyResults.map((k) => ({ o, k })));
  const col = <T>(pick: (r: (typeof rows)[number]) => T) => rows.map(pick);
  const plain = (displayName: string): FieldConfig => ({ displayName });
  return createDataFrame({
    refId,
    name: 'Objectives',
    meta: { custom: { at: result.at } },
    fields: [
      { name: 'objective', type: FieldType.string, values: col((r) => r.o.title), config: plain('Objective') },
      { name: 'objectiveId', type: FieldType.string, values: col((r) => r.o.id), config: plain('Objective id') },
      { name: 'owner', type: FieldType.string, values: col((r) => r.o.owner), config: plain('Owner') },
      {
        name: 'objectiveProgress',
        type: FieldType.number,
        values: col((r) => r.o.progress),
        config: progressConfig('Objective progress'),
      },
      {
        name: 'objectiveStatus',
        type: FieldType.string,
        values: col((r) => r.o.status),
        config: okrStatusConfig('Objective status'),
      },
      {
        name: 'kpi',
        type: FieldType.string,
        values: col((r) => r.k.name),
        config: { displayName: 'Key result', links: [rowKpiLink(dsUid)] },
      },
      { name: 'id', type: FieldType.string, values: col((r) => r.k.kpi), config: plain('KPI id') },
      { name: 'value', type: FieldType.number, values: col((r) => r.k.value), config: plain('Value') },
      { name: 'baseline', type: FieldType.number, values: col((r) => r.k.baseline), config: plain('Baseline') },
      { name: 'target', type: FieldType.number, values: col((r) => r.k.target), config: plain('Target') },
      { name: 'unit', type: FieldType.string, values: col((r) => r.k.unit ?? null), config: plain('Unit') },
      { name: 'by', type: FieldType.time, values: col((r) => isoMs(r.k.by)), config: plain('Due') },
      {
        name: 'progress',
        type: FieldType.number,
        values: col((r) => r.k.progress),
        config: progressConfig('Progress'),
      },
      {
        name: 'expectedProgress',
        type: FieldType.number,
        values: col((r) => r.k.expectedProgress),
        config: progressConfig('Expected progress'),
      },
      { name: 'status', type: FieldType.string, values: col((r) => r.k.status), config: okrStatusConfig('Status') },
    ],
  });
}

/** Backtest query: the status at every point, as a state-timeline series (time + status). */
export function backtestFrame(result: BacktestResult, name: string, refId: string): DataFrame {
  return createDataFrame({
    refId,
    name,
    meta: { custom: { kpi: result.kpi, counts: result.counts, fired: result.fired } },
    fields: [
      { name: 'time', type: FieldType.time, values: result.points.map((p) => isoMs(p.time)), config: {} },
      {
        name: 'status',
        type: FieldType.string,
        values: result.points.map((p) => p.status),
        config: statusConfig(name),
      },
    ],
  });
}
