import type { OkrResult } from '../../core/objectives/evaluate';
import type { KeyResultStatus } from '../../core/objectives/progress';
import { createColors } from 'picocolors';
import { EMPTY, formatInstant, formatNumber, formatValue } from '../../core/format';
import { renderTable, TableStyle } from './table';

/** `okr --json` (docs/objectives.md), key by key so the document keeps its shape whatever the core adds. */
export function okrJson(result: OkrResult): Record<string, unknown> {
  return {
    catalog: result.catalog,
    at: result.at,
    objectives: result.objectives.map((o) => ({
      id: o.id,
      title: o.title,
      owner: o.owner,
      progress: o.progress,
      status: o.status,
      keyResults: o.keyResults.map((k) => ({
        kpi: k.kpi,
        value: k.value,
        baseline: k.baseline,
        target: k.target,
        by: k.by,
        progress: k.progress,
        expectedProgress: k.expectedProgress,
        status: k.status,
      })),
    })),
  };
}

/** A key-result or objective status, coloured on a terminal: achieved/on_track green, at_risk yellow, missed red. */
export function okrStatusCell(status: KeyResultStatus, style: TableStyle): string {
  const c = createColors(style.colour);
  const paint = { achieved: c.green, on_track: c.green, at_risk: c.yellow, missed: c.red, no_data: c.dim }[status];
  return paint(status);
}

function percent(p: number | null): string {
  return p === null ? EMPTY : `${formatNumber(p, 0)}%`;
}

/**
 * The `okr` table: one row per objective (its progress and roll-up status) followed by one
 * indented row per key result, so objectives and their key results read top to bottom.
 */
export function okrTable(result: OkrResult, style: TableStyle): string {
  if (result.objectives.length === 0) {
    return `${result.catalog} has no objectives\n`;
  }
  const rows = result.objectives.flatMap((o) => [
    [o.title, '', '', '', '', '', percent(o.progress), '', okrStatusCell(o.status, style)],
    ...o.keyResults.map((k) => [
      `  ${k.kpi}`,
      formatValue(k.value, k.unit, k.decimals),
      formatValue(k.baseline, k.unit, k.decimals),
      formatValue(k.target, k.unit, k.decimals),
      formatInstant(k.by),
      k.name,
      percent(k.progress),
      percent(k.expectedProgress),
      okrStatusCell(k.status, style),
    ]),
  ]);
  const table = renderTable(
    [
      { title: 'Objective / key result' },
      { title: 'Value', align: 'right' },
      { title: 'Baseline', align: 'right' },
      { title: 'Target', align: 'right' },
      { title: 'By' },
      { title: 'KPI' },
      { title: 'Progress', align: 'right' },
      { title: 'Expected', align: 'right' },
      { title: 'Status' },
    ],
    rows,
    style
  );
  return style.tty ? `${result.catalog} at ${formatInstant(result.at)}\n${table}\n` : `${table}\n`;
}
