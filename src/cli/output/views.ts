import type { Kpi } from '../../core/catalog/model';
import type { BreakdownResult } from '../../core/evaluation/breakdown';
import type { EvalResult } from '../../core/evaluation/evaluate';
import type { SeriesResult } from '../../core/evaluation/series';
import { formatAttainment, formatChange, formatInstant, formatValue } from '../../core/format';
import { renderTable, statusCell, TableStyle } from './table';

/** The `eval` table: one row per KPI. */
export function evalTable(result: EvalResult, style: TableStyle): string {
  const rows = result.kpis.map((k) => [
    k.id,
    k.name,
    formatValue(k.value, k.unit, k.decimals),
    formatValue(k.target, k.unit, k.decimals),
    statusCell(k.status, style),
    formatAttainment(k.attainment),
    formatChange(k.change, k.changePercent, k.unit, k.decimals),
    formatInstant(k.lastDataAt) + (k.stale ? ' (stale)' : ''),
  ]);
  const table = renderTable(
    [
      { title: 'KPI' },
      { title: 'Name' },
      { title: 'Value', align: 'right' },
      { title: 'Target', align: 'right' },
      { title: 'Status' },
      { title: 'Attainment', align: 'right' },
      { title: 'Change', align: 'right' },
      { title: 'Last data' },
    ],
    rows,
    style
  );
  // On a terminal, say which instant the figures are for; plain output stays a bare table.
  return style.tty ? `${result.catalog} at ${formatInstant(result.at)}\n${table}\n` : `${table}\n`;
}

/** The `series` table: time and value. */
export function seriesTable(result: SeriesResult, kpi: Kpi, style: TableStyle): string {
  const rows = result.points.map((p) => [formatInstant(p.time), formatValue(p.value, kpi.unit, kpi.decimals)]);
  return renderTable([{ title: 'Time' }, { title: 'Value', align: 'right' }], rows, style) + '\n';
}

/** The `breakdown` table: one row per dimension value; the null key shows as `(null)`. */
export function breakdownTable(result: BreakdownResult, kpi: Kpi, style: TableStyle): string {
  const rows = result.rows.map((r) => [r.key ?? '(null)', formatValue(r.value, kpi.unit, kpi.decimals)]);
  return renderTable([{ title: result.by }, { title: 'Value', align: 'right' }], rows, style) + '\n';
}
