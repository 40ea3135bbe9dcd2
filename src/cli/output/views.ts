import { wholeNote } from '../../core/compiler/breakdownDimensions';
import type { Catalog, Kpi } from '../../core/catalog/model';
import { kpiById, minVolumeOf } from '../../core/compiler/kpiSql';
import type { BreakdownResult } from '../../core/evaluation/breakdown';
import type { EvalResult, KpiEvaluation } from '../../core/evaluation/evaluate';
import type { SeriesResult } from '../../core/evaluation/series';
import { EMPTY, formatAttainment, formatChange, formatInstant, formatNumber, formatValue } from '../../core/format';
import { renderTable, statusCell, TableStyle } from './table';

/** A paced KPI's projection: `41 of 50 (58% elapsed)`; blank for other KPIs. */
function paceCell(k: KpiEvaluation): string {
  if (k.elapsedShare === undefined) {
    return '';
  }
  const share = k.elapsedShare === null ? EMPTY : `${formatNumber(100 * k.elapsedShare, 0)}% elapsed`;
  return `${formatValue(k.projected ?? null, k.unit, k.decimals)} of ${formatValue(k.target, k.unit, k.decimals)} (${share})`;
}

/** A judged volume: `3 of min 30`; blank for other KPIs. */
function volumeCell(k: KpiEvaluation, minVolume?: number): string {
  return k.volume === undefined
    ? ''
    : `${k.volume === null ? EMPTY : formatNumber(k.volume, 0)}${minVolume ? ` (min ${minVolume})` : ''}`;
}

/**
 * The `eval` table: one row per KPI. The Projected and Volume columns appear only when a KPI
 * has pace or a minimum volume.
 */
export function evalTable(result: EvalResult, style: TableStyle, catalog?: Catalog): string {
  const paced = result.kpis.some((k) => k.elapsedShare !== undefined);
  const judged = result.kpis.some((k) => k.volume !== undefined);
  const minVolume = (id: string) => (catalog ? minVolumeOf(catalog, kpiById(catalog, id)) : undefined);
  const rows = result.kpis.map((k) => [
    k.id,
    k.name,
    formatValue(k.value, k.unit, k.decimals),
    formatValue(k.target, k.unit, k.decimals),
    statusCell(k.status, style),
    formatAttainment(k.attainment),
    formatChange(k.change, k.changePercent, k.unit, k.decimals),
    formatInstant(k.lastDataAt) + (k.stale ? ' (stale)' : ''),
    ...(paced ? [paceCell(k)] : []),
    ...(judged ? [volumeCell(k, minVolume(k.id))] : []),
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
      ...(paced ? [{ title: 'Projected' }] : []),
      ...(judged ? [{ title: 'Volume' }] : []),
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

/**
 * The `breakdown` table: one row per dimension value; the null key shows as `(null)`. Under it, a
 * line per operand taken whole, so the repeated figure is not mistaken for a per-value one.
 */
export function breakdownTable(result: BreakdownResult, kpi: Kpi, style: TableStyle): string {
  const rows = result.rows.map((r) => [r.key ?? '(null)', formatValue(r.value, kpi.unit, kpi.decimals)]);
  const notes = (result.whole ?? []).map((id) => `${wholeNote(id, result.by)}\n`);
  return renderTable([{ title: result.by }, { title: 'Value', align: 'right' }], rows, style) + '\n' + notes.join('');
}
