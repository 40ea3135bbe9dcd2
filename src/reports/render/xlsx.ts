import ExcelJS from 'exceljs';
import { figureTexts } from '../figures';
import type { Report } from '../model';
import { isoInstant } from '../../core/rules/instant';
import { localTime } from '../period';
import { STATUS_HEX, STATUS_LABEL } from '../statusOrder';

const argb = (hex: string) => `FF${hex.replace('#', '').toUpperCase()}`;

/** Excel's number format for a KPI's decimals (`0.0`), or General when it sets none. */
function numberFormat(decimals?: number): string {
  return decimals === undefined ? 'General' : decimals === 0 ? '0' : `0.${'0'.repeat(decimals)}`;
}

/** A sheet with these columns and a bold header row. */
function addSheet(workbook: ExcelJS.Workbook, name: string, columns: Array<Partial<ExcelJS.Column>>, frozen = false) {
  const sheet = workbook.addWorksheet(name, frozen ? { views: [{ state: 'frozen', ySplit: 1 }] } : undefined);
  sheet.columns = columns;
  sheet.getRow(1).font = { bold: true };
  return sheet;
}

/**
 * The report as a workbook (exceljs): a Scorecard sheet with one row per KPI and its figures as
 * numbers (so they can be charted and filtered), and sheets for status changes, stale sources
 * and notes. Dates are the report's own, so the same `--at` gives the same content.
 */
export async function renderXlsx(report: Report): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const at = report.catalogs[0] ? isoInstant(report.catalogs[0].at) : new Date(0);
  workbook.creator = 'OpenKPI';
  workbook.created = at;
  workbook.modified = at;

  const scorecard = addSheet(
    workbook,
    'Scorecard',
    [
      { header: 'Catalog', key: 'catalog', width: 18 },
      { header: 'Period', key: 'period', width: 20 },
      { header: 'Area', key: 'area', width: 24 },
      { header: 'KPI', key: 'kpi', width: 28 },
      { header: 'Name', key: 'name', width: 36 },
      { header: 'Owner', key: 'owner', width: 18 },
      { header: 'Status', key: 'status', width: 12 },
      { header: 'Previous status', key: 'previousStatus', width: 16 },
      { header: 'Value', key: 'value', width: 12 },
      { header: 'Target', key: 'target', width: 12 },
      { header: '% of target', key: 'attainment', width: 12 },
      { header: 'Previous', key: 'previous', width: 12 },
      { header: 'Change', key: 'change', width: 12 },
      { header: 'Change %', key: 'changePercent', width: 12 },
      { header: 'Projected', key: 'projected', width: 12 },
      { header: 'Expected to date', key: 'expectedToDate', width: 16 },
      { header: 'Volume', key: 'volume', width: 10 },
      { header: 'Unit', key: 'unit', width: 12 },
      { header: 'Value (formatted)', key: 'valueText', width: 16 },
      { header: 'Last data', key: 'lastDataAt', width: 18 },
      { header: 'Stale', key: 'stale', width: 8 },
    ],
    true
  );
  for (const r of report.catalogs) {
    for (const area of r.areas) {
      for (const line of area.kpis) {
        const k = line.evaluation;
        const row = scorecard.addRow({
          catalog: r.catalog,
          period: r.period.label,
          area: area.area,
          kpi: k.id,
          name: k.name,
          owner: k.owner ?? '',
          status: STATUS_LABEL[k.status] ?? k.status,
          previousStatus: STATUS_LABEL[line.previousStatus] ?? line.previousStatus,
          value: k.value,
          target: k.target,
          attainment: k.attainment,
          previous: k.previous,
          change: k.change,
          changePercent: k.changePercent,
          projected: k.projected ?? null,
          expectedToDate: k.expectedToDate ?? null,
          volume: k.volume ?? null,
          unit: k.unit ?? '',
          valueText: figureTexts(k).value,
          lastDataAt: localTime(k.lastDataAt, r.period.timezone),
          stale: k.stale ? 'yes' : 'no',
        });
        const status = row.getCell('status');
        status.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(STATUS_HEX[k.status] ?? '#6e7781') } };
        status.font = { color: { argb: 'FFFFFFFF' }, bold: true };
        for (const key of ['value', 'target', 'previous', 'change', 'projected', 'expectedToDate']) {
          row.getCell(key).numFmt = numberFormat(k.decimals);
        }
        row.getCell('attainment').numFmt = '0.0';
        row.getCell('changePercent').numFmt = '0.0';
      }
    }
  }

  const changes = addSheet(workbook, 'Status changes', [
    { header: 'Catalog', key: 'catalog', width: 18 },
    { header: 'KPI', key: 'kpi', width: 28 },
    { header: 'Name', key: 'name', width: 36 },
    { header: 'From', key: 'from', width: 12 },
    { header: 'To', key: 'to', width: 12 },
  ]);
  for (const r of report.catalogs) {
    for (const c of r.changes) {
      changes.addRow({
        catalog: r.catalog,
        kpi: c.id,
        name: c.name,
        from: STATUS_LABEL[c.from],
        to: STATUS_LABEL[c.to],
      });
    }
  }

  const objectives = addSheet(workbook, 'Objectives', [
    { header: 'Catalog', key: 'catalog', width: 18 },
    { header: 'Objective', key: 'objective', width: 36 },
    { header: 'Objective status', key: 'objectiveStatus', width: 16 },
    { header: 'Key result (KPI)', key: 'kpi', width: 28 },
    { header: 'Value', key: 'value', width: 12 },
    { header: 'Baseline', key: 'baseline', width: 12 },
    { header: 'Target', key: 'target', width: 12 },
    { header: 'Due', key: 'by', width: 18 },
    { header: 'Progress %', key: 'progress', width: 12 },
    { header: 'Expected %', key: 'expected', width: 12 },
    { header: 'Status', key: 'status', width: 12 },
  ]);
  for (const r of report.catalogs) {
    for (const o of r.objectives) {
      for (const kr of o.keyResults) {
        objectives.addRow({
          catalog: r.catalog,
          objective: o.title,
          objectiveStatus: STATUS_LABEL[o.status] ?? o.status,
          kpi: kr.kpi,
          value: kr.value,
          baseline: kr.baseline,
          target: kr.target,
          by: localTime(kr.by, r.period.timezone),
          progress: kr.progress,
          expected: kr.expectedProgress,
          status: STATUS_LABEL[kr.status] ?? kr.status,
        });
      }
    }
  }

  const stale = addSheet(workbook, 'Stale sources', [
    { header: 'Catalog', key: 'catalog', width: 18 },
    { header: 'Source', key: 'source', width: 24 },
    { header: 'Last data', key: 'lastDataAt', width: 18 },
    { header: 'KPIs', key: 'kpis', width: 48 },
  ]);
  for (const r of report.catalogs) {
    for (const s of r.staleSources) {
      stale.addRow({
        catalog: r.catalog,
        source: s.source,
        lastDataAt: localTime(s.lastDataAt, r.period.timezone),
        kpis: s.kpis.join(', '),
      });
    }
  }

  const notes = addSheet(workbook, 'Notes', [
    { header: 'Catalog', key: 'catalog', width: 18 },
    { header: 'KPI', key: 'kpi', width: 28 },
    { header: 'Time', key: 'time', width: 18 },
    { header: 'Value', key: 'value', width: 12 },
    { header: 'Note', key: 'note', width: 60 },
    { header: 'Recorded by', key: 'recordedBy', width: 18 },
  ]);
  for (const r of report.catalogs) {
    for (const n of r.notes) {
      notes.addRow({
        catalog: r.catalog,
        kpi: n.kpi,
        time: localTime(n.time, r.period.timezone),
        value: n.value,
        note: n.note,
        recordedBy: n.recordedBy ?? '',
      });
    }
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
