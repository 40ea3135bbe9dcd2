import type { KpiEvaluation } from '../../core/evaluation/evaluate';
import type { Report } from '../model';

/**
 * Every figure of a KPI line, in column order; numbers at full precision, instants in UTC. Pace
 * (projected, expected_to_date, elapsed_share) and volume are empty for KPIs without pace / minVolume.
 */
export const CSV_COLUMNS = [
  'catalog',
  'period_start',
  'period_end',
  'area',
  'kpi',
  'name',
  'owner',
  'unit',
  'direction',
  'status',
  'previous_status',
  'value',
  'target',
  'warning',
  'critical',
  'attainment',
  'previous',
  'change',
  'change_percent',
  'projected',
  'expected_to_date',
  'elapsed_share',
  'volume',
  'window_from',
  'window_to',
  'previous_from',
  'previous_to',
  'last_data_at',
  'stale',
  'approximate',
  'error',
] as const;

type Cell = string | number | boolean | null | undefined;

// RFC 4180 by hand: quoting a field is four lines, not worth a dependency.
function field(value: Cell): string {
  if (value === null || value === undefined) {
    return '';
  }
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function figures(k: KpiEvaluation): Cell[] {
  return [
    k.value,
    k.target,
    k.warning,
    k.critical,
    k.attainment,
    k.previous,
    k.change,
    k.changePercent,
    k.projected,
    k.expectedToDate,
    k.elapsedShare,
    k.volume,
    k.window.from,
    k.window.to,
    k.previousWindow.from,
    k.previousWindow.to,
    k.lastDataAt,
    k.stale,
    k.approximate,
    k.error,
  ];
}

/** One row per KPI with every figure (CRLF line ends, as RFC 4180 and spreadsheets expect). */
export function renderCsv(report: Report): string {
  const rows: Cell[][] = [[...CSV_COLUMNS]];
  for (const r of report.catalogs) {
    for (const area of r.areas) {
      for (const line of area.kpis) {
        const k = line.evaluation;
        rows.push([
          r.catalog,
          r.period.start.toISOString(),
          r.period.end.toISOString(),
          area.area,
          k.id,
          k.name,
          k.owner,
          k.unit,
          k.direction,
          k.status,
          line.previousStatus,
          ...figures(k),
        ]);
      }
    }
  }
  return rows.map((cells) => cells.map(field).join(',')).join('\r\n') + '\r\n';
}
